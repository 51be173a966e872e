package main

import (
	"fmt"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/srmscan/srmscan/internal/demo"
	"github.com/srmscan/srmscan/internal/emulator"
	"github.com/srmscan/srmscan/inventory"
)

func newEmulateCmd() *cobra.Command {
	var (
		accountFiles []string
		listen       string
		opts         emulator.Options
		deny, fail   []string
		reject       []string
		unimpl       []string
		throttle     []string
		drop         []string
	)
	cmd := &cobra.Command{
		Use:   "emulate",
		Short: "Serve an account description on an AWS-compatible endpoint (for tests and demos)",
		Long: `emulate serves an account description (YAML; see testdata/accounts) over the
EC2, S3, S3 Control, IAM and STS wire formats srmscan reads, so srmscan or
any AWS client can be pointed at it with --endpoint-url. Without --account it
serves the built-in demo account. It answers read-only operations only.`,
		Example: `  srmscan emulate --listen 127.0.0.1:4566 &
  AWS_ACCESS_KEY_ID=x AWS_SECRET_ACCESS_KEY=x srmscan scan --endpoint-url http://127.0.0.1:4566`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			for _, list := range []struct {
				in  []string
				out *[]emulator.Rule
			}{{deny, &opts.Deny}, {fail, &opts.Fail}, {unimpl, &opts.Unimplemented}, {throttle, &opts.Throttle}, {drop, &opts.Drop}} {
				for _, s := range list.in {
					r, err := emulator.ParseRule(s)
					if err != nil {
						return usage("%v", err)
					}
					*list.out = append(*list.out, r)
				}
			}
			for _, s := range reject {
				r, err := emulator.ParseRejection(s)
				if err != nil {
					return usage("--reject: %v", err)
				}
				opts.Reject = append(opts.Reject, r)
			}
			var accts []*inventory.Inventory
			if len(accountFiles) == 0 {
				acct, err := demo.Account()
				if err != nil {
					return usage("--account: %v", err)
				}
				accts = append(accts, acct)
			}
			for _, f := range accountFiles {
				acct, err := emulator.LoadAccount(f)
				if err != nil {
					return usage("--account: %v", err)
				}
				accts = append(accts, acct)
			}
			var handler http.Handler
			if len(accts) == 1 {
				handler = emulator.New(accts[0], opts)
			} else {
				org, err := emulator.NewOrg(accts, opts)
				if err != nil {
					return usage("--account: %v", err)
				}
				handler = org
			}
			ln, err := net.Listen("tcp", listen)
			if err != nil {
				return usage("--listen: %v", err)
			}
			srv := &http.Server{Handler: handler, ReadHeaderTimeout: 10 * time.Second}
			if len(accts) == 1 {
				fmt.Fprintf(cmd.OutOrStdout(), "serving account %s on http://%s\n", accts[0].AccountID, ln.Addr())
			} else {
				ids := make([]string, len(accts))
				for i, a := range accts {
					ids[i] = a.AccountID
				}
				fmt.Fprintf(cmd.OutOrStdout(), "serving organization of accounts %s (management account %s) on http://%s\n", strings.Join(ids, ", "), ids[0], ln.Addr())
			}
			go func() {
				<-cmd.Context().Done()
				srv.Close()
			}()
			if err := srv.Serve(ln); err != http.ErrServerClosed {
				return err
			}
			return nil
		},
	}
	fl := cmd.Flags()
	fl.StringArrayVar(&accountFiles, "account", nil, "account description file (default: the built-in demo account); repeat it to serve an organization whose management account is the first, with STS AssumeRole and Organizations ListAccounts")
	fl.StringVar(&listen, "listen", "127.0.0.1:4566", "address to listen on (loopback only is wise)")
	fl.IntVar(&opts.PageSize, "page-size", 0, "cap every list response at this many items")
	fl.DurationVar(&opts.Latency, "latency", 0, "delay added to every response")
	fl.Float64Var(&opts.ThrottleRate, "throttle-rate", 0, "fraction of requests answered with a throttling error")
	fl.Float64Var(&opts.ServerErrorRate, "error-rate", 0, "fraction of requests answered with a 500")
	fl.StringSliceVar(&deny, "deny", nil, "answer matching requests with access denied: service:Operation[@region][/resource] (sts:AssumeRole/ACCOUNT refuses that account's roles)")
	fl.StringSliceVar(&fail, "fail", nil, "answer matching requests with a 500 every time: service:Operation[@region][/resource]")
	fl.StringSliceVar(&reject, "reject", nil, "answer matching requests with this error code, as AWS answers credentials it does not accept: service:Operation[@region][/resource]=Code (e.g. sts:GetCallerIdentity=ExpiredToken)")
	fl.StringSliceVar(&unimpl, "unimplemented", nil, "answer matching requests as an endpoint without the service does, with a 500 and an HTML page: service:*[@region] (e.g. access-analyzer:* for moto's behaviour)")
	fl.StringSliceVar(&throttle, "throttle", nil, "answer matching requests with a throttling error every time: service:Operation[@region][/resource]")
	fl.StringSliceVar(&drop, "drop", nil, "close the connection of matching requests without an answer: service:Operation[@region][/resource]")
	return cmd
}
