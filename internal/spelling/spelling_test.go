package spelling

import "testing"

func TestDistance(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want int
	}{
		{"", "", 0},
		{"eu-west1", "eu-west-1", 1},
		{"exlude", "exclude", 1},
		{"reasn", "reason", 1},
		{"us-east-1", "us-east-2", 1},
		{"kitten", "sitting", 3},
		{"", "abc", 3},
		{"mars-1", "me-south-1", 6},
	} {
		if got := Distance(c.a, c.b); got != c.want {
			t.Errorf("Distance(%q, %q) = %d, want %d", c.a, c.b, got, c.want)
		}
		if got := Distance(c.b, c.a); got != c.want {
			t.Errorf("Distance(%q, %q) = %d, want %d (not symmetric)", c.b, c.a, got, c.want)
		}
	}
}
