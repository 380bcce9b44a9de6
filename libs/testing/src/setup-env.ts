// Settings every integration test process starts with (jest `setupFiles`).
process.env.AUTH_JWT_SECRET ??= 'laurel-test-secret';
process.env.LOG_LEVEL ??= 'silent';
