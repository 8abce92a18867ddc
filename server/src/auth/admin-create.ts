/**
 * `npm run admin:create -- <email> [--municipality <code>] [--name <display name>]`
 * Creates an administrator: without --municipality a system administrator (every city), the
 * usual first account. The password comes from ADMIN_PASSWORD, or is asked for (not echoed).
 */
import 'reflect-metadata';
import { createInterface } from 'node:readline';
import { loadConfig } from '../config.js';
import { openDatabase } from '../db/database.js';
import { AuthService } from './auth.service.js';
import { passwordProblem } from './password.js';
import { Role } from './roles.js';
import { commandLineActor } from '../audit/audit.sql.js';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function askPassword(): Promise<string> {
  if (!process.stdin.isTTY) {
    const chunks: Buffer[] = [];
    for await (const c of process.stdin) chunks.push(c as Buffer);
    return Buffer.concat(chunks).toString('utf8').split('\n')[0]!.trim();
  }
  const ask = (q: string) =>
    new Promise<string>((ok) => {
      const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
      const out = rl as unknown as { _writeToOutput: (s: string) => void; output: NodeJS.WriteStream };
      out._writeToOutput = (s: string) => {
        if (s.startsWith(q)) out.output.write(q);
      };
      rl.question(q, (a) => {
        rl.close();
        process.stdout.write('\n');
        ok(a);
      });
    });
  const a = await ask('パスワード / Password: ');
  const b = await ask('もう一度 / Again: ');
  if (a !== b) throw new Error('パスワードが一致しません / the passwords differ');
  return a;
}

const email = process.argv.slice(2).find((a, i, all) => !a.startsWith('--') && !['--municipality', '--name'].includes(all[i - 1] ?? ''));
if (!email) {
  console.error('使い方 / usage: npm run admin:create -- <email> [--municipality <code>] [--name <display name>]  (ADMIN_PASSWORD or a prompt)');
  process.exit(2);
}
const password = process.env.ADMIN_PASSWORD ?? (await askPassword());
const problem = passwordProblem(password);
if (problem) {
  console.error(problem);
  process.exit(2);
}
const db = await openDatabase(loadConfig(), () => {});
try {
  const auth = new AuthService(db.orm, { publicMode: false });
  const code = arg('--municipality');
  const municipalityId = code ? await auth.municipalityIdByCode(code) : null;
  if (code && municipalityId === null) throw new Error(`自治体 ${code} が見つかりません / municipality ${code} not found`);
  const user = await auth.createUser(commandLineActor(), { email, displayName: arg('--name') ?? email, role: Role.ADMINISTRATOR, municipalityId, departmentId: null, password });
  console.log(`管理者を作成しました / administrator created: ${user.email}${municipalityId === null ? '（システム管理者 / system administrator）' : ` (${code})`}`);
} catch (e) {
  console.error((e as Error).message);
  process.exitCode = 1;
} finally {
  await db.close();
}
