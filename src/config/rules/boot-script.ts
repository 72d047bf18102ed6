// The user's boot script (schema `web.bootScript`): a file that exists. Its size against EC2's user
// data limit is checked on the built script (stacks/user-data-size.ts), before any stack is built.
import * as fs from "node:fs";
import { check } from "./check";

export const checkBootScript = check(["web"], (s, problem) => {
  const file = s.web.bootScript;
  if (file === undefined) return;
  let isFile = false;
  try {
    isFile = fs.statSync(file).isFile();
  } catch {
    isFile = false;
  }
  if (!isFile) problem("web.bootScript", file, "does not exist or is not a file (a relative path is read from the folder of the configuration file that names it)");
});
