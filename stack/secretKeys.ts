/**
 * The omnidoc stack's config keys that hold secrets: `pulumi config set --secret` is required for each,
 * and a preview stack never copies them. One list, read by the stack config and by scripts/preview-stack.
 */
export const SECRET_KEYS = ["geminiApiKey", "redisUrl", "redisPassword", "databaseUrl"] as const;
