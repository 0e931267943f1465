/** The attacker's-eye REST matrix (tests/support/attack-matrix.ts) over equipment and travel requests. */
import { matrixSuite } from '../support/attack-matrix';
import { equipment, travel } from '@/lib/operations/registry';

matrixSuite([equipment, travel]);
