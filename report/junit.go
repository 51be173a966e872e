package report

import (
	"bufio"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/srmscan/srmscan/checks"
)

// JUnit XML as GitLab (artifacts:reports:junit), Jenkins and CircleCI read
// it: the Ant/Surefire shape they share. A check is a test suite and each
// resource it examined a test case, so a merge request's test widget lists
// failing resources under the check that failed them.

// The document is <testsuites name tests failures errors skipped time>,
// a <testsuite name tests failures errors skipped time timestamp> per
// check holding <properties> and its <testcase>s. Its elements are
// written one at a time (JUnit), so the attributes are spelled out there
// in this order.

type junitProperty struct {
	Name  string `xml:"name,attr"`
	Value string `xml:"value,attr"`
}

type junitCase struct {
	Name      string        `xml:"name,attr"`
	Classname string        `xml:"classname,attr"`
	Time      string        `xml:"time,attr"`
	Failure   *junitProblem `xml:"failure"`
	Error     *junitProblem `xml:"error"`
	Skipped   *junitSkipped `xml:"skipped"`
}

type junitProblem struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	// Body is CDATA so the multi-line detail stays readable in the raw
	// file; xmlText keeps it to characters XML allows.
	Body string `xml:",cdata"`
}

type junitSkipped struct {
	Message string `xml:"message,attr"`
}

// JUnit writes the report as JUnit XML: a testsuite per check and a
// testcase per finding, named by the resource's ARN with the check ID as
// its class. fail is a <failure>, unknown an <error> (the test could not
// run, which is what an unreadable resource is), manual a <skipped> to
// attest, pass a plain testcase. A suppressed failure is <skipped> too,
// with its reason: it is accepted, not fixed, and must not break the build.
func JUnit(w io.Writer, r *Report) error {
	// The counts are attributes that come before the cases they count:
	// one pass counts, a second streams the cases.
	type suite struct {
		name                             string
		tests, failures, errors, skipped int
		properties                       []junitProperty
	}
	var suites []*suite
	var total suite
	err := r.EachFinding(func(f *checks.Finding) error {
		if n := len(suites); n == 0 || suites[n-1].name != f.CheckID {
			suites = append(suites, &suite{name: f.CheckID, properties: junitProperties(*f)})
		}
		for _, s := range []*suite{suites[len(suites)-1], &total} {
			s.tests++
			switch {
			case f.Status == checks.Fail && f.Suppression != nil, f.Status == checks.Manual:
				s.skipped++
			case f.Status == checks.Fail:
				s.failures++
			case f.Status == checks.Unknown:
				s.errors++
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	timestamp := ""
	if !r.Scan.StartedAt.IsZero() {
		timestamp = r.Scan.StartedAt.UTC().Format("2006-01-02T15:04:05")
	}
	attrs := func(s *suite, time string) []xml.Attr {
		a := []xml.Attr{{Name: xml.Name{Local: "name"}, Value: s.name}}
		for _, kv := range []struct {
			k string
			v int
		}{{"tests", s.tests}, {"failures", s.failures}, {"errors", s.errors}, {"skipped", s.skipped}} {
			a = append(a, xml.Attr{Name: xml.Name{Local: kv.k}, Value: strconv.Itoa(kv.v)})
		}
		return append(a, xml.Attr{Name: xml.Name{Local: "time"}, Value: time})
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	enc := xml.NewEncoder(bw)
	enc.Indent("", "  ")
	total.name = r.Tool.Name
	doc := xml.StartElement{Name: xml.Name{Local: "testsuites"}, Attr: attrs(&total, seconds(r.Scan.FinishedAt.Sub(r.Scan.StartedAt).Seconds()))}
	if err := enc.EncodeToken(doc); err != nil {
		return err
	}
	i := -1
	suiteElem := xml.StartElement{Name: xml.Name{Local: "testsuite"}}
	err = r.EachFinding(func(f *checks.Finding) error {
		if i < 0 || suites[i].name != f.CheckID {
			if i >= 0 {
				if err := enc.EncodeToken(suiteElem.End()); err != nil {
					return err
				}
			}
			i++
			start := suiteElem
			start.Attr = attrs(suites[i], seconds(0))
			if timestamp != "" {
				start.Attr = append(start.Attr, xml.Attr{Name: xml.Name{Local: "timestamp"}, Value: timestamp})
			}
			if err := enc.EncodeToken(start); err != nil {
				return err
			}
			props := struct {
				Property []junitProperty `xml:"property"`
			}{suites[i].properties}
			if err := enc.EncodeElement(props, xml.StartElement{Name: xml.Name{Local: "properties"}}); err != nil {
				return err
			}
		}
		return enc.EncodeElement(junitCaseOf(f), xml.StartElement{Name: xml.Name{Local: "testcase"}})
	})
	if err != nil {
		return err
	}
	if i >= 0 {
		if err := enc.EncodeToken(suiteElem.End()); err != nil {
			return err
		}
	}
	if err := enc.EncodeToken(doc.End()); err != nil {
		return err
	}
	if err := enc.Flush(); err != nil {
		return err
	}
	_, _ = bw.WriteString("\n")
	return bw.Flush()
}

// junitCaseOf is a finding's test case.
func junitCaseOf(f *checks.Finding) junitCase {
	c := junitCase{Name: f.ResourceARN, Classname: f.CheckID, Time: seconds(0)}
	switch {
	case f.Status == checks.Fail && f.Suppression != nil:
		c.Skipped = &junitSkipped{Message: fmt.Sprintf("suppressed until %s: %s (%s)", f.Suppression.Expires, f.Suppression.Reason, f.Message)}
	case f.Status == checks.Fail:
		c.Failure = &junitProblem{Message: f.Message, Type: string(f.Severity), Body: xmlText(junitDetail(*f))}
	case f.Status == checks.Unknown:
		kind, _ := f.Evidence["error_kind"].(string)
		if kind == "" {
			kind = "unknown"
		}
		c.Error = &junitProblem{Message: f.Message, Type: kind, Body: xmlText(junitDetail(*f))}
	case f.Status == checks.Manual:
		c.Skipped = &junitSkipped{Message: "manual: " + f.Message}
	}
	return c
}

// junitProperties carry the check's place on the responsibility line;
// Jenkins shows suite properties, the others ignore them harmlessly.
func junitProperties(f checks.Finding) []junitProperty {
	props := []junitProperty{
		{"title", f.Title},
		{"severity", string(f.Severity)},
		{"control_category", string(f.ControlCategory)},
	}
	if f.SharedControl != "" {
		props = append(props, junitProperty{"shared_control", string(f.SharedControl)})
	}
	return append(props,
		junitProperty{"domain", string(f.Domain)},
		junitProperty{"service", f.Service},
		junitProperty{"service_model", string(f.ServiceModel)},
	)
}

// junitDetail is the failure's body, which CI systems show when the test is
// opened: what was found, the evidence that decided it and the fix.
func junitDetail(f checks.Finding) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s\n", f.Message)
	fmt.Fprintf(&b, "severity: %s\n", f.Severity)
	if f.Region != "" {
		fmt.Fprintf(&b, "region: %s\n", f.Region)
	}
	fmt.Fprintf(&b, "resource: %s\n", f.ResourceARN)
	if len(f.Evidence) > 0 {
		fmt.Fprintf(&b, "evidence: %s\n", compactJSON(f.Evidence))
	}
	fmt.Fprintf(&b, "remediation: %s\n", f.Remediation.Text)
	if f.Baseline == checks.BaselineExisting {
		b.WriteString("baseline: existing (does not gate)\n")
	}
	fmt.Fprintf(&b, "fingerprint: %s\n", f.Fingerprint)
	return b.String()
}

// xmlText replaces what XML 1.0 cannot carry (control characters, invalid
// UTF-8) with U+FFFD. Attributes get this from encoding/xml; CDATA does not.
func xmlText(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '\t' || r == '\n' || r == '\r' || r >= 0x20 && r <= 0xD7FF || r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= 0x10FFFF {
			return r
		}
		return '\uFFFD'
	}, strings.ToValidUTF8(s, "\uFFFD"))
}

func seconds(s float64) string {
	if s < 0 {
		s = 0
	}
	return fmt.Sprintf("%.3f", s)
}

// compactJSON renders evidence on one line. Keys come out sorted, so the
// text is stable.
func compactJSON(v any) string {
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return fmt.Sprint(v)
	}
	return strings.TrimSuffix(b.String(), "\n")
}
