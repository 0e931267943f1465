/** The attacker's-eye REST matrix (tests/support/attack-matrix.ts) over access and HR requests. */
import { matrixSuite } from '../support/attack-matrix';
import { accessRequest, hrRequest } from '@/lib/operations/registry';

matrixSuite([accessRequest, hrRequest]);
