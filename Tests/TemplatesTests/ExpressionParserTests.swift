import CeruleanJSON
import Testing
@testable import Templates

@Suite struct ExpressionParserTests {
    @Test func parsesNestedCallsPropertiesAndIndexes() throws {
        let e = try ExpressionParser.parse("concat(parameters('a')[0].b, 'it''s', -3)")
        #expect(e == .call("concat", [
            .property(.index(.call("parameters", [.string("a")]), .integer(0)), "b"),
            .string("it's"), .integer(-3),
        ]))
    }

    @Test func templateStringsAndTheirEscape() {
        #expect(TemplateString.expressionText("[parameters('x')]") == "parameters('x')")
        #expect(TemplateString.expressionText("plain") == nil)
        #expect(TemplateString.expressionText("[[literal]") == nil)
        #expect(TemplateString.literal("[[literal]") == "[literal]")
    }

    @Test func deepNestingIsRefusedNotRecursedInto() {
        let deep = String(repeating: "concat(", count: 5_000) + "'a'" + String(repeating: ")", count: 5_000)
        #expect(TT.error { try ExpressionParser.parse(Substring(deep)) }?.message.contains("nested more than 64 levels") == true)
        let fine = String(repeating: "concat(", count: 60) + "'a'" + String(repeating: ")", count: 60)
        #expect((try? ExpressionParser.parse(Substring(fine))) != nil)
    }

    @Test(arguments: ["concat('a'", "concat('a',)", "parameters('x'))", "'unterminated", "concat('a') extra", "", "1 2"])
    func badExpressionsAreInvalidTemplate(_ text: String) {
        do {
            _ = try ExpressionParser.parse(Substring(text))
            Issue.record("'\(text)' parsed")
        } catch let e as TemplateError {
            #expect(e.code == "InvalidTemplate")
            #expect(e.message.hasPrefix("The language expression '\(text)' is not valid"))
        } catch {
            Issue.record("unexpected \(error)")
        }
    }
}
