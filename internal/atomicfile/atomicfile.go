// Package atomicfile writes files that appear whole or not at all, readable
// only by their owner: srmscan's outputs describe an account's weak points.
package atomicfile

import (
	"io"
	"os"
	"path/filepath"
)

// Write writes path with mode 0600 through a temporary file in the same
// directory, renamed into place once complete.
func Write(path string, write func(io.Writer) error) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // no-op after a successful rename
	if err := tmp.Chmod(0o600); err != nil {
		tmp.Close()
		return err
	}
	if err := write(tmp); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
