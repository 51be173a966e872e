// Package demo is srmscan's built-in demo account: a small company's AWS
// account, served in-process by the emulator on loopback so `srmscan scan
// --demo` runs the real collectors over real HTTP, with no AWS account and
// no credentials of the user's.
package demo

import (
	_ "embed"
	"fmt"
	"net"
	"net/http"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/srmscan/srmscan/internal/emulator"
	"github.com/srmscan/srmscan/inventory"
)

//go:embed account.yaml
var accountYAML []byte

// Account returns the demo account's description.
func Account() (*inventory.Inventory, error) {
	acct, err := emulator.ParseAccount(accountYAML)
	if err != nil {
		return nil, fmt.Errorf("built-in demo account: %w", err)
	}
	return acct, nil
}

// Endpoint is a running demo endpoint.
type Endpoint struct {
	URL     string
	Account *inventory.Inventory
	srv     *http.Server
}

// Start serves the demo account on a free loopback port.
func Start(opts emulator.Options) (*Endpoint, error) {
	acct, err := Account()
	if err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("starting the demo endpoint: %w", err)
	}
	srv := &http.Server{Handler: emulator.New(acct, opts), ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	return &Endpoint{URL: "http://" + ln.Addr().String(), Account: acct, srv: srv}, nil
}

// Close stops the endpoint.
func (e *Endpoint) Close() error { return e.srv.Close() }

// Config is an SDK config for the demo endpoint. Its credentials are fixed
// placeholders, so a demo never reads, and cannot leak, the user's own.
func (e *Endpoint) Config() aws.Config {
	return aws.Config{
		Region:       "eu-west-1",
		Credentials:  credentials.NewStaticCredentialsProvider("AKIADEMODEMODEMODEMO", "demo-secret-not-a-real-key", ""),
		BaseEndpoint: aws.String(e.URL),
	}
}

// Clock returns the demo's clock: the account's fixed "now" plus the real
// time elapsed since the scan started. Ages in the demo (patch dates, key
// ages) are written relative to that instant, so the demo report reads the
// same on any day.
func (e *Endpoint) Clock() func() time.Time {
	start := time.Now()
	return func() time.Time { return e.Account.StartedAt.Add(time.Since(start)) }
}
