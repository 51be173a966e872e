// Package scratch holds the private temporary directories srmscan writes
// to while it works (spilled findings, spooled snapshots), so that they
// can all be removed when the process is stopped at once.
//
// A second Ctrl-C ends srmscan without waiting for the report it was
// writing, and without running deferred cleanup; the directories it
// leaves behind hold an account's findings, often gigabytes of them. The
// signal handler calls RemoveAll before it lets the signal end the
// process.
package scratch

import (
	"os"
	"sync"
)

var (
	mu   sync.Mutex
	dirs = map[string]bool{}
)

// Dir makes a directory readable by its owner alone under parent (the
// system's temporary directory when empty), named from pattern as
// os.MkdirTemp names it, and keeps it until Remove or RemoveAll.
func Dir(parent, pattern string) (string, error) {
	d, err := os.MkdirTemp(parent, pattern)
	if err != nil {
		return "", err
	}
	mu.Lock()
	dirs[d] = true
	mu.Unlock()
	return d, nil
}

// Remove deletes a directory Dir made, and everything in it.
func Remove(dir string) error {
	mu.Lock()
	delete(dirs, dir)
	mu.Unlock()
	return os.RemoveAll(dir)
}

// RemoveAll deletes every directory Dir made that is still there. Files
// still being written into them are removed with them; the process is
// about to end.
func RemoveAll() {
	mu.Lock()
	defer mu.Unlock()
	for d := range dirs {
		os.RemoveAll(d)
		delete(dirs, d)
	}
}
