import { jsonSyntaxError } from "../../src/config/load";

// The same mistake reads the same on the Node 20 of this machine and the Node 22 of the
// workflows and of cdktn (docs/cdktn.md): messages as each Node's JSON.parse writes them.
describe("a JSON syntax error in the user's file or variable", () => {
  it.each([
    ["Node 20", "Expected property name or '}' in JSON at position 2"],
    ["Node 22", "Expected property name or '}' in JSON at position 2 (line 1 column 3)"],
  ])("names line and column once (%s's message)", (_, message) => {
    expect(jsonSyntaxError("{ environments: ", new SyntaxError(message))).toBe("Expected property name or '}' at line 1, column 3");
  });

  it("counts lines and columns as an editor does", () => {
    const text = '{\n  "a": 1 "b": 2 }';
    expect(jsonSyntaxError(text, new SyntaxError("Expected ',' or '}' after property value in JSON at position 11 (line 2 column 10)"))).toBe(
      "Expected ',' or '}' after property value at line 2, column 10",
    );
  });

  it("leaves a message without an offset as it is", () => {
    expect(jsonSyntaxError("", new SyntaxError("Unexpected end of JSON input"))).toBe("Unexpected end of JSON input");
  });

  it("reads this Node's own message", () => {
    const text = "{ environments: ";
    let error: Error | undefined;
    try {
      JSON.parse(text);
    } catch (e) {
      error = e as Error;
    }
    expect(jsonSyntaxError(text, error!)).toBe("Expected property name or '}' at line 1, column 3");
  });
});
