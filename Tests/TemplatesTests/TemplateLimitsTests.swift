import CeruleanJSON
import Testing
@testable import Templates

/// ARM's documented template limits: parameters, variables, outputs, resources with copies, expression length.
@Suite struct TemplateLimitsTests {
    func members(_ prefix: String, _ count: Int, _ value: String) -> String {
        (0..<count).map { "\"\(prefix)\($0)\": \(value)" }.joined(separator: ",")
    }

    @Test func countsUpToTheLimitsAreAcceptedAndOneMoreRefused() throws {
        _ = try TT.template(#"{"resources": [], "parameters": {\#(members("p", 256, #"{"type": "string"}"#))}}"#)
        _ = try TT.template(#"{"resources": [], "variables": {\#(members("v", 512, "1"))}}"#)
        _ = try TT.template(#"{"resources": [], "outputs": {\#(members("o", 64, #"{"type": "int", "value": 1}"#))}}"#)
        let parameters = TT.error { try TT.template(#"{"resources": [], "parameters": {\#(members("p", 257, #"{"type": "string"}"#))}}"#) }
        #expect(parameters?.code == "InvalidTemplate")
        #expect(parameters?.message.contains("template parameters '257' exceeds the limit of '256'") == true)
        #expect(TT.error { try TT.template(#"{"resources": [], "variables": {\#(members("v", 513, "1"))}}"#) }?.path
                == "properties.template.variables")
        #expect(TT.error { try TT.template(#"{"resources": [], "outputs": {\#(members("o", 65, #"{"type": "int", "value": 1}"#))}}"#) } != nil)
    }

    func plan(copies: Int, plain: Int = 0) throws -> [PlannedResource] {
        let loop = #"{"type": "Microsoft.X/things", "apiVersion": "1", "name": "[concat('c', copyIndex())]", "copy": {"name": "l", "count": \#(copies)}}"#
        let others = (0..<plain).map { #"{"type": "Microsoft.X/things", "apiVersion": "1", "name": "p\#($0)"}"# }
        let template = try TT.template(#"{"resources": [\#(([loop] + others).joined(separator: ","))]}"#)
        let bound = try ParameterBinder(template: template, environment: TT.environment).bind([:])
        return try DeploymentPlanner(template: template, parameters: bound, environment: TT.environment).plan()
    }

    @Test func eightHundredResourcesCountingCopiesAndNoMore() throws {
        #expect(try plan(copies: 790, plain: 10).count == 800)
        let refused = TT.error { try plan(copies: 790, plain: 11) }
        #expect(refused?.message.contains("resources '801' (copies included) exceeds the limit of '800'") == true)
    }

    @Test func anExpressionOfMoreThan24576CharactersIsRefused() throws {
        let fits = "[concat('" + String(repeating: "a", count: 24_576 - 12) + "')]"
        #expect(fits.count == 24_576)
        #expect(try TT.eval(fits).stringValue?.count == 24_576 - 12)
        let refused = TT.error { try TT.eval("[concat('" + String(repeating: "a", count: 24_576 - 11) + "')]") }
        #expect(refused?.message.contains("24577 characters exceeds the limit of 24576") == true)
    }
}
