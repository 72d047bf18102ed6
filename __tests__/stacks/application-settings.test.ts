// The settings that run the user's application (issue #20), on both web fleets of the whole stack.
import { resourcesOf, settingsFor, synthStack } from "../helpers";

const POLICIES = ["arn:aws:iam::123456789012:policy/app/orders-queue-send", "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"];

describe.each(["instances", "autoScaling"] as const)("web.managedPolicyArns with the %s fleet", (fleet) => {
  const { tf } = synthStack(settingsFor("dev", { web: { fleet, managedPolicyArns: POLICIES } }));
  const [[roleId]] = resourcesOf(tf, "aws_iam_role").filter(([, role]) => role.name === "multiple-server-web-iam");
  const attachments = resourcesOf(tf, "aws_iam_role_policy_attachment").filter(([, a]) => a.role === `\${aws_iam_role.${roleId}.name}`);

  it("attaches each policy to the web role besides Session Manager's", () => {
    const arns = attachments.map(([, a]) => a.policy_arn);
    expect(arns).toHaveLength(3);
    expect(arns).toEqual(expect.arrayContaining([...POLICIES, expect.stringMatching(/^arn:\$\{data\.aws_partition\.\w+\.partition\}:iam::aws:policy\/AmazonSSMManagedInstanceCore$/)]));
  });

  it("starts the servers only once the policies are attached (a boot script may call what they grant)", () => {
    const ids = attachments.filter(([, a]) => POLICIES.includes(a.policy_arn)).map(([id]) => `aws_iam_role_policy_attachment.${id}`);
    const servers = fleet === "instances" ? resourcesOf(tf, "aws_instance") : resourcesOf(tf, "aws_autoscaling_group");
    expect(servers.length).toBeGreaterThan(0);
    for (const [, server] of servers) expect(server.depends_on).toEqual(expect.arrayContaining(ids));
  });
});
