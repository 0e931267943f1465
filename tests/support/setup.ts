import os from 'node:os';
import path from 'node:path';

process.env.AUTH_SECRET ||= 'integration-test-secret-of-sufficient-length-000';
process.env.DATA_DIR ||= path.join(os.tmpdir(), `opsdesk-test-${process.pid}`);
