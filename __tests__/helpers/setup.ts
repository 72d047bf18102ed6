import { Testing } from "cdktf";

// The cdktf matchers (toHaveResourceWithProperties, toBeValidTerraform, ...) for every test file.
Testing.setupJest();
