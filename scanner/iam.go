package scanner

import "context"

// collectIAM inventories IAM, which is global.
func (s *scan) collectIAM(ctx context.Context) {}
