package scanner

import "context"

// collectEC2 inventories one region's EC2, VPC and EBS resources.
func (s *scan) collectEC2(ctx context.Context, region string) {}
