package scratch

import (
	"os"
	"path/filepath"
	"testing"
)

func TestRemoveAllTakesWhatRemoveLeft(t *testing.T) {
	parent := t.TempDir()
	kept, err := Dir(parent, "kept-")
	if err != nil {
		t.Fatal(err)
	}
	gone, err := Dir(parent, "gone-")
	if err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(kept); err != nil || fi.Mode().Perm() != 0o700 {
		t.Fatalf("directory %v, %v: want mode 0700", fi, err)
	}
	if err := os.WriteFile(filepath.Join(kept, "0000.run"), []byte("findings"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := Remove(gone); err != nil {
		t.Fatal(err)
	}
	RemoveAll()
	if entries, _ := os.ReadDir(parent); len(entries) != 0 {
		t.Errorf("left behind: %v", entries)
	}
	// A directory made afterwards is kept until it is removed in turn.
	again, err := Dir(parent, "again-")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(again); err != nil {
		t.Error(err)
	}
	RemoveAll()
}
