package checks

import "github.com/srmscan/srmscan/policy"

// documents remembers the policy documents parsed during one Run. Several
// checks read each document (a trust policy, a bucket policy, a customer
// policy: one check for who it trusts, another for what it grants), and
// parsing is most of what IAM and S3 checks cost on a large account.
type documents struct {
	m map[string]parsed
}

type parsed struct {
	doc policy.Document
	err error
}

// parse parses a policy document, once per Run. The Document returned is
// shared between checks, which read it and never change it. Outside Run
// (a check's Evaluate called directly, as tests do) it parses every time.
func (cfg Config) parse(doc string) (policy.Document, error) {
	c := cfg.docs
	if c == nil {
		return policy.Parse(doc)
	}
	if p, ok := c.m[doc]; ok {
		return p.doc, p.err
	}
	d, err := policy.Parse(doc)
	if c.m == nil {
		c.m = map[string]parsed{}
	}
	c.m[doc] = parsed{d, err}
	return d, err
}
