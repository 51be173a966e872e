package scanner

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/srmscan/srmscan/internal/emulator"
)

func TestRetryModes(t *testing.T) {
	acct := loadAccount(t, ec2Account)
	clean, _ := scanAccount(t, acct, emulator.Options{}, Options{Regions: acct.Regions})
	for _, mode := range []string{RetryStandard, RetryAdaptive} {
		t.Run(mode, func(t *testing.T) {
			_, url := endpoint(t, acct, emulator.Options{ThrottleRate: 0.1, Seed: 3})
			cfg := testConfig(url)
			ConfigureRetries(&cfg, RetryOptions{MaxAttempts: 10, MaxBackoff: 20 * time.Millisecond, Mode: mode})
			_, adaptive := cfg.Retryer().(*retry.AdaptiveMode)
			if adaptive != (mode == RetryAdaptive) {
				t.Fatalf("mode %s installed %T", mode, cfg.Retryer())
			}
			inv := Scan(context.Background(), cfg, Options{Regions: acct.Regions})
			if !inv.Complete() {
				t.Fatalf("errors: %v", inv.Errors)
			}
			if !reflect.DeepEqual(inv.EC2, clean.EC2) {
				t.Error("a throttled scan collected something else than a clean one")
			}
		})
	}
}
