package checks

// All returns every check, in catalogue order. Each area's file lists its
// own checks, so adding a check touches that file and its test; this list
// of areas tells you everything srmscan evaluates.
func All() []Check {
	var all []Check
	for _, area := range [][]Check{
		ec2Checks,
		s3Checks,
		iamChecks,
		rdsChecks,
		rdsClusterChecks,
		securityChecks,
		cloudTrailChecks,
		configChecks,
		kmsChecks,
		dynamoChecks,
		sqsChecks,
		snsChecks,
		emrChecks,
		ssmChecks,
		lambdaChecks,
		ecrChecks,
		eksChecks,
		beanstalkChecks,
		ecsChecks,
		elbChecks,
		acmChecks,
		secretsChecks,
		elastiCacheChecks,
		redshiftChecks,
		cloudFrontChecks,
		backupChecks,
		openSearchChecks,
		apiGatewayChecks,
		manualChecks,
	} {
		all = append(all, area...)
	}
	return all
}
