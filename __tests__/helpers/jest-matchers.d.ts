// Brings cdktf's jest matcher declarations (toHaveResourceWithProperties, ...) into type-checking.
import "cdktf/lib/testing/adapters/jest";
