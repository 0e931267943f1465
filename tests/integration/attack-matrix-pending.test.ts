/** The attacker's-eye REST matrix (tests/support/attack-matrix.ts) over pending items: engine approvals and tasks, client-made items. */
import { matrixSuite } from '../support/attack-matrix';
import { pending } from '@/lib/operations/registry';

matrixSuite([pending]);
