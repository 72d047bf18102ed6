import { IamRolePolicy, SsmParameter } from "../../src/aws";
import { DatabaseAccess, type DatabaseAccessProps } from "../../src/constructs/database-access";
import { naming, resourcesOf, synthConstruct } from "../helpers";

const SECRET = "arn:aws:secretsmanager:ap-northeast-2:111122223333:secret:rds!db-0123";
const KEY = "arn:aws:kms:ap-northeast-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";

const build = (extra: Partial<DatabaseAccessProps> = {}) =>
  synthConstruct((scope) => {
    new DatabaseAccess(scope, "database-access", {
      naming,
      region: "ap-northeast-2",
      roleName: "multiple-server-web-iam",
      parameters: naming.databaseParameters(),
      writerAddress: "writer.example",
      readerAddress: "reader.example",
      masterSecretArn: SECRET,
      ...extra,
    });
  });

const statementsOf = (tf: any) => (Object.values(tf.data!.aws_iam_policy_document)[0] as any).statement;

describe("DatabaseAccess", () => {
  const { json, tf } = build();

  it.each([
    ["/multiple-server/database/writer-endpoint", "writer.example"],
    ["/multiple-server/database/reader-endpoint", "reader.example"],
    ["/multiple-server/database/master-secret-arn", SECRET],
  ])("publishes %s as a plain String parameter (not secret: plans show it)", (name, value) => {
    expect(json).toHaveResourceWithProperties(SsmParameter, { name, type: "String", insecure_value: value });
  });

  it("lets the web role read those three parameters and that one secret, nothing else", () => {
    const arn = (key: string) => `\${aws_ssm_parameter.${resourcesOf(tf, "aws_ssm_parameter").find(([id]) => id.includes(`_${key}_`))![0]}.arn}`;
    const params = ["writer", "reader", "secret-arn"].map(arn);
    expect(statementsOf(tf)).toEqual([
      { sid: "ReadDatabaseParameters", actions: ["ssm:GetParameters", "ssm:GetParameter"], resources: params },
      { sid: "ReadMasterSecret", actions: ["secretsmanager:GetSecretValue"], resources: [SECRET] },
    ]);
    expect(json).toHaveResourceWithProperties(IamRolePolicy, { name: "multiple-server-web-database-access", role: "multiple-server-web-iam" });
  });

  it("adds kms:Decrypt on the secret's own key, through Secrets Manager only, when it has one", () => {
    expect(statementsOf(build({ secretKmsKeyArn: KEY }).tf)[2]).toEqual({
      sid: "DecryptMasterSecret",
      actions: ["kms:Decrypt"],
      resources: [KEY],
      condition: [{ test: "StringEquals", variable: "kms:ViaService", values: ["secretsmanager.ap-northeast-2.amazonaws.com"] }],
    });
  });
});
