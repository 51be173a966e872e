package scanner

import (
	"context"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/srmscan/srmscan/internal/emulator"
	"github.com/srmscan/srmscan/inventory"
)

// Fake credentials. They are recognisable so leak tests can search for them.
const (
	testKeyID  = "AKIASRMSCANTESTKEY01"
	testSecret = "srmscan/test/secret/do-not-print/0000000"
)

// endpoint starts the emulator for an account over real HTTP.
func endpoint(t testing.TB, acct *inventory.Inventory, opts emulator.Options) (*emulator.Server, string) {
	t.Helper()
	srv := emulator.New(acct, opts)
	hs := httptest.NewServer(srv)
	t.Cleanup(hs.Close)
	return srv, hs.URL
}

// testConfig is what a user pointing srmscan at an emulator gets: static
// credentials, one base endpoint, and quick retries.
func testConfig(url string) aws.Config {
	cfg := aws.Config{
		Region:       "us-east-1",
		Credentials:  credentials.NewStaticCredentialsProvider(testKeyID, testSecret, ""),
		BaseEndpoint: aws.String(url),
	}
	ConfigureRetries(&cfg, RetryOptions{MaxAttempts: 10, MaxBackoff: 20 * time.Millisecond})
	return cfg
}

// scanAccount scans the account served with opts through the real SDK.
func scanAccount(t testing.TB, acct *inventory.Inventory, opts emulator.Options, sopts Options) (*inventory.Inventory, *emulator.Server) {
	t.Helper()
	srv, url := endpoint(t, acct, opts)
	inv := Scan(context.Background(), testConfig(url), sopts)
	return inv, srv
}

func loadAccount(t testing.TB, path string) *inventory.Inventory {
	t.Helper()
	acct, err := emulator.LoadAccount(path)
	if err != nil {
		t.Fatal(err)
	}
	return acct
}

// assertOneError checks that errs is exactly want (whatever the message
// says, as long as there is one).
func assertOneError(t *testing.T, errs []inventory.CollectionError, want inventory.CollectionError) {
	t.Helper()
	if len(errs) != 1 {
		t.Fatalf("errors = %v, want one", errs)
	}
	got := errs[0]
	want.Message = got.Message
	if got != want || got.Message == "" {
		t.Errorf("error = %+v\nwant %+v with a message", got, want)
	}
}
