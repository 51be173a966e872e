package main

import (
	"slices"
	"strings"

	"github.com/spf13/pflag"
	"github.com/srmscan/srmscan/inventory"
)

// serviceFlags choose the services a command covers: --services names
// them, --skip-services leaves some out.
type serviceFlags struct {
	services, skip []string
}

func (f *serviceFlags) register(fl *pflag.FlagSet, what string) {
	fl.StringSliceVar(&f.services, "services", nil, what+" only these services, comma-separated, as 'srmscan checks' names them (default: all: "+strings.Join(inventory.Services, ",")+")")
	fl.StringSliceVar(&f.skip, "skip-services", nil, what+" every service but these, comma-separated")
}

// chosen returns the services to cover, sorted, or nil for all of them.
func (f *serviceFlags) chosen() ([]string, error) {
	if f.services != nil && f.skip != nil {
		// Either alone says the whole scope; together, one of them is
		// a mistake we would have to guess at.
		return nil, usage("--services and --skip-services cannot be combined: name the services to scan, or the ones to leave out")
	}
	flag, names := "--services", f.services
	if f.skip != nil {
		flag, names = "--skip-services", f.skip
	}
	if names == nil {
		return nil, nil
	}
	set := map[string]bool{}
	for _, n := range names {
		n = strings.ToLower(strings.TrimSpace(n))
		if !slices.Contains(inventory.Services, n) {
			return nil, usage("%s: unknown service %q (valid: %s)", flag, n, strings.Join(inventory.Services, ", "))
		}
		set[n] = true
	}
	var out []string
	for _, s := range inventory.Services {
		if set[s] == (f.skip == nil) {
			out = append(out, s)
		}
	}
	if len(out) == 0 {
		return nil, usage("%s leaves no service to scan", flag)
	}
	return out, nil
}
