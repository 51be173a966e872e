package checks

// All returns every check, in catalogue order. Reading this list tells you
// everything srmscan evaluates.
func All() []Check {
	return []Check{
		sgAdminPortsPublic,
		instanceIMDSv2,
		instancePatchTags,
		volumeEncrypted,
		bucketPublicAccessBlock,
		userConsoleMFA,
		awarenessTraining,
	}
}
