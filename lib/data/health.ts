import { sql } from 'kysely';
import { getDatabase } from '@/db';

/** Whether the database answers a trivial query. */
export async function databaseAnswers(): Promise<boolean> {
  try {
    const { db } = await getDatabase();
    await sql`select 1`.execute(db);
    return true;
  } catch {
    return false;
  }
}
