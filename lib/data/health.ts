import { sql } from 'kysely';
import { systemDb } from './system';

/** Whether the database answers a trivial query. */
export async function databaseAnswers(): Promise<boolean> {
  try {
    const db = await systemDb('health');
    await sql`select 1`.execute(db);
    return true;
  } catch {
    return false;
  }
}
