package scanner

import "context"

// collectS3 inventories the account's buckets and S3 account settings.
func (s *scan) collectS3(ctx context.Context) {}
