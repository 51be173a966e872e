package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// docBlocks returns the fenced code blocks of a markdown file by language.
func docBlocks(t *testing.T, path string) map[string][]string {
	t.Helper()
	doc, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	blocks := map[string][]string{}
	for _, m := range regexp.MustCompile("(?ms)^```(\\w+)\n(.*?)^```").FindAllStringSubmatch(string(doc), -1) {
		blocks[m[1]] = append(blocks[m[1]], m[2])
	}
	return blocks
}

var (
	autoShardRE = regexp.MustCompile(`--shard auto/(\d+)\b`)
	srmscanRE   = regexp.MustCompile(`srmscan (?:scan|merge)[^"\n]*`)
	continuedRE = regexp.MustCompile(`\n\s+--`)
)

// Every srmscan command line of the doc parses with the real flags.
func checkCommandLine(t *testing.T, line string) {
	t.Helper()
	line = strings.NewReplacer("${{ matrix.shard }}", "1", "$JOB_COMPLETION_INDEX", "0", "$AWS_BATCH_JOB_ARRAY_INDEX", "0").Replace(line)
	root := newRoot(io.Discard, io.Discard)
	cmd, rest, err := root.Find(strings.Fields(line)[1:])
	if err == nil {
		err = cmd.ParseFlags(rest)
	}
	if err != nil {
		t.Errorf("%q: %v", line, err)
	}
}

// The examples of docs/organizations.md are valid YAML and JSON, and agree
// with themselves: as many shards as the engine runs copies, each shard's
// report where the merge reads it, and the merge as the gate.
func TestOrganizationsDocExamples(t *testing.T) {
	blocks := docBlocks(t, "../../docs/organizations.md")
	var found []string

	for _, src := range blocks["yaml"] {
		dec := yaml.NewDecoder(strings.NewReader(src))
		for {
			var doc map[string]any
			err := dec.Decode(&doc)
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				t.Fatalf("yaml block does not parse: %v\n%s", err, src)
			}
			// Folded scalars continue a command on lines of their own.
			for _, line := range srmscanRE.FindAllString(continuedRE.ReplaceAllString(src, " --"), -1) {
				checkCommandLine(t, line)
			}
			switch {
			case doc["jobs"] != nil:
				found = append(found, "github")
				checkWorkflow(t, doc, src)
			case doc["kind"] == "Job" && dig(doc, "spec", "completionMode") == "Indexed":
				found = append(found, "indexed-job")
				spec := dig(doc, "spec").(map[string]any)
				n := autoShards(t, src)
				if spec["completions"] != n || spec["parallelism"] != n {
					t.Errorf("Indexed Job: completions %v, parallelism %v; --shard auto/%d", spec["completions"], spec["parallelism"], n)
				}
				if !strings.Contains(src, "--out /reports/shard-$JOB_COMPLETION_INDEX") {
					t.Error("Indexed Job: each pod must write its own report directory")
				}
			case doc["kind"] == "Job":
				found = append(found, "gate-job")
				if !strings.Contains(src, "srmscan merge /reports/org /reports/shard-*/report.json --fail-on high") {
					t.Errorf("the gate Job does not merge the shards' reports:\n%s", src)
				}
			}
		}
	}

	var shards int
	for _, src := range blocks["json"] {
		var doc map[string]any
		if err := json.Unmarshal([]byte(src), &doc); err != nil {
			t.Fatalf("json block does not parse: %v\n%s", err, src)
		}
		cmd := fmt.Sprint(dig(doc, "containerProperties", "command"))
		if doc["containerProperties"] == nil {
			cmd = fmt.Sprint(doc["command"])
		}
		for _, line := range srmscanRE.FindAllString(src, -1) {
			checkCommandLine(t, line)
		}
		switch {
		case doc["jobDefinitionName"] != nil:
			found = append(found, "batch-definition")
			shards = autoShards(t, cmd)
			if doc["type"] != "container" || !strings.Contains(cmd, "--out /reports/shard-$AWS_BATCH_JOB_ARRAY_INDEX") {
				t.Errorf("Batch job definition: type %v, command %s", doc["type"], cmd)
			}
			vol := fmt.Sprint(dig(doc, "containerProperties", "volumes").([]any)[0].(map[string]any)["name"])
			mount := fmt.Sprint(dig(doc, "containerProperties", "mountPoints").([]any)[0].(map[string]any)["sourceVolume"])
			if vol != mount {
				t.Errorf("the reports volume %q is not the one mounted, %q", vol, mount)
			}
		case strings.Contains(cmd, "srmscan merge"):
			found = append(found, "batch-gate")
			if !strings.Contains(cmd, "/reports/shard-*/report.json --fail-on high") {
				t.Errorf("the Batch gate does not merge the shards' reports: %s", cmd)
			}
		}
	}
	submit := strings.Join(blocks["sh"], "\n")
	if !strings.Contains(submit, "--array-properties size="+strconv.Itoa(shards)+" ") || !strings.Contains(submit, "--depends-on jobId=$ARRAY") {
		t.Errorf("the Batch submission does not run an array of %d with the gate depending on it:\n%s", shards, submit)
	}

	want := []string{"github", "indexed-job", "gate-job", "batch-definition", "batch-gate"}
	if strings.Join(found, ",") != strings.Join(want, ",") {
		t.Errorf("examples found: %v, want %v", found, want)
	}

	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(readme, []byte("(docs/organizations.md)")) {
		t.Error("README does not link docs/organizations.md")
	}
}

func checkWorkflow(t *testing.T, doc map[string]any, src string) {
	t.Helper()
	jobs := doc["jobs"].(map[string]any)
	matrix, _ := dig(jobs, "shard", "strategy", "matrix", "shard").([]any)
	n := len(matrix)
	for i, v := range matrix {
		if v != i+1 {
			t.Errorf("matrix shard %d is %v: shards count from 1", i, v)
		}
	}
	if n == 0 || !strings.Contains(src, fmt.Sprintf("--shard ${{ matrix.shard }}/%d\n", n)) {
		t.Errorf("the matrix has %d shards; the scan step must say --shard ${{ matrix.shard }}/%d", n, n)
	}
	if dig(jobs, "gate", "needs") != "shard" {
		t.Errorf("the gate job does not wait for the shards: needs %v", dig(jobs, "gate", "needs"))
	}
	var merge bool
	for _, s := range dig(jobs, "gate", "steps").([]any) {
		run, _ := s.(map[string]any)["run"].(string)
		merge = merge || strings.HasPrefix(run, "srmscan merge ") && strings.Contains(run, "shard-*/report.json --fail-on high")
	}
	if !merge {
		t.Error("the gate job does not run srmscan merge --fail-on over the shards")
	}
}

func autoShards(t *testing.T, s string) int {
	t.Helper()
	m := autoShardRE.FindStringSubmatch(s)
	if m == nil {
		t.Fatalf("no --shard auto/N in %s", s)
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

// dig walks nested maps.
func dig(v any, keys ...string) any {
	for _, k := range keys {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = m[k]
	}
	return v
}
