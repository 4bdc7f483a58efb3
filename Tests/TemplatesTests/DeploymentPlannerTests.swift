import CeruleanJSON
import Testing
@testable import Templates

@Suite struct DeploymentPlannerTests {
    func plan(_ text: String, parameters: JSONObject = [:]) throws -> [PlannedResource] {
        let template = try TT.template(text)
        let bound = try ParameterBinder(template: template, environment: TT.environment).bind(parameters)
        return try DeploymentPlanner(template: template, parameters: bound, environment: TT.environment).plan()
    }

    let base = "/subscriptions/sub-1/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces"

    @Test func dependsOnOrdersResourcesAndIdsComeFromNameAndType() throws {
        let planned = try plan("""
            {"resources": [
              {"type": "Microsoft.MachineLearningServices/workspaces/serverlessEndpoints", "apiVersion": "2024-04-01",
               "name": "ws/ep", "dependsOn": ["[resourceId('Microsoft.MachineLearningServices/workspaces/marketplaceSubscriptions', 'ws', 'sub')]"]},
              {"type": "Microsoft.MachineLearningServices/workspaces/marketplaceSubscriptions", "apiVersion": "2024-04-01",
               "name": "ws/sub", "dependsOn": ["ws"]},
              {"type": "Microsoft.MachineLearningServices/workspaces", "apiVersion": "2024-04-01", "name": "ws", "location": "eastus2"}
            ]}
            """)
        #expect(planned.map(\.name) == ["ws", "ws/sub", "ws/ep"])
        #expect(planned[2].id == "\(base)/ws/serverlessEndpoints/ep")
        #expect(planned[2].dependsOn.contains("\(base)/ws/marketplaceSubscriptions/sub"))
        // A parent in the same template is an implicit dependency.
        #expect(planned[2].dependsOn.contains("\(base)/ws"))
        #expect(planned[2].definition["name"] == nil && planned[2].definition["dependsOn"] == nil)
    }

    @Test func referenceIsAnImplicitDependency() throws {
        let planned = try plan("""
            {"resources": [
              {"type": "Microsoft.X/things", "apiVersion": "1", "name": "b", "properties": {"peer": "[reference('a').uri]"}},
              {"type": "Microsoft.X/things", "apiVersion": "1", "name": "a"}
            ]}
            """)
        #expect(planned.map(\.name) == ["a", "b"])
    }

    @Test func copyLoopsConditionsAndNestedResources() throws {
        let planned = try plan("""
            {"parameters": {"count": {"type": "int", "defaultValue": 3}, "withExtra": {"type": "bool", "defaultValue": false}},
             "resources": [
              {"type": "Microsoft.X/things", "apiVersion": "1", "name": "[concat('t', copyIndex(1))]",
               "copy": {"name": "things", "count": "[parameters('count')]"},
               "properties": {"tags": {"copy": [{"name": "list", "count": 2, "input": "[copyIndex('list')]"}]}}},
              {"type": "Microsoft.X/things", "apiVersion": "1", "name": "extra", "condition": "[parameters('withExtra')]"},
              {"type": "Microsoft.X/parents", "apiVersion": "1", "name": "p", "dependsOn": ["things", "extra"],
               "resources": [{"type": "children", "apiVersion": "1", "name": "c"}]}
            ]}
            """)
        #expect(planned.map(\.name) == ["t1", "t2", "t3", "p", "p/c"])
        #expect(planned[4].type == "Microsoft.X/parents/children")
        #expect(planned[3].dependsOn.count == 3)  // every copy of "things"; "extra" is off and ignored
        #expect(planned[0].copyIndices.first?.index == 0 && planned[2].copyIndices.first?.index == 2)
    }

    @Test func validationErrors() {
        func message(_ text: String) -> String? { TT.error { try plan(text) }?.message }
        #expect(message(#"{"resources": [{"type": "Microsoft.X/a", "apiVersion": "1", "name": "a", "dependsOn": ["b"]}, {"type": "Microsoft.X/a", "apiVersion": "1", "name": "b", "dependsOn": ["a"]}]}"#)
            == "Circular dependency detected on resource: '/subscriptions/sub-1/resourceGroups/rg/providers/Microsoft.X/a/a'. Please see https://aka.ms/arm-syntax-resources for usage details.")
        #expect(message(#"{"resources": [{"type": "Microsoft.X/a", "apiVersion": "1", "name": "a", "dependsOn": ["ghost"]}]}"#)?
            .contains("The resource 'ghost' is not defined in the template.") == true)
        #expect(message(#"{"resources": [{"type": "Microsoft.X/a/b", "apiVersion": "1", "name": "a"}]}"#)?
            .contains("has incorrect segment lengths") == true)
        #expect(message(#"{"resources": [{"type": "Microsoft.X/a", "apiVersion": "1", "name": "a"}, {"type": "Microsoft.X/a", "apiVersion": "1", "name": "A"}]}"#)?
            .contains("is defined multiple times") == true)
        #expect(message(#"{"resources": [{"type": "Microsoft.X/a", "name": "a"}]}"#)?.contains("must have an 'apiVersion'") == true)
        let missing = TT.error { try plan(#"{"resources": [{"type": "Microsoft.X/a", "apiVersion": "1", "name": "a", "location": "[parameters('location')]"}]}"#) }
        #expect(missing?.message == "The template resource 'a' is not valid: The template parameter 'location' is not found. Please see https://aka.ms/arm-syntax-parameters for usage details. Please see https://aka.ms/arm-syntax-resources for usage details.")
        #expect(missing?.path == "properties.template.resources[0]")
        #expect(message(#"{"resources": [{"type": "Microsoft.X/a", "apiVersion": "1", "name": "a", "properties": {"x": "[concat('a']"}}]}"#)?
            .contains("The language expression 'concat('a'' is not valid") == true)
        #expect(message(#"{"resources": [{"type": "Microsoft.X/a", "apiVersion": "1", "name": "[concat('a', copyIndex())]", "copy": {"name": "l", "count": 900}}]}"#)?
            .contains("from 0 to 800") == true)
        let nested = #"{"copy": [{"name": "a", "count": 800, "input": {"copy": [{"name": "b", "count": 800, "input": {"copy": [{"name": "c", "count": 800, "input": 1}]}}]}}]}"#
        #expect(message(#"{"resources": [{"type": "Microsoft.X/a", "apiVersion": "1", "name": "a", "properties": \#(nested)}]}"#)?
            .contains("past 1000000 copied items") == true)
    }

    @Test func outputsAreTypedAndEvaluatedWithLiveState() throws {
        let template = try TT.template("""
            {"resources": [], "outputs": {
               "uri": {"type": "string", "value": "[reference('/subscriptions/sub-1/resourceGroups/rg/providers/Microsoft.X/a/a').uri]"},
               "n": {"type": "int", "value": 3},
               "hidden": {"type": "string", "condition": false, "value": "x"},
               "list": {"type": "array", "copy": {"count": 2, "input": "[copyIndex()]"}}}}
            """)
        var scope = TT.scope()
        scope.references["/subscriptions/sub-1/resourcegroups/rg/providers/microsoft.x/a/a"] = ["properties": ["uri": "https://a"]]
        let outputs = try TemplateOutputs.evaluate(template, scope: scope)
        #expect(outputs["uri"] == ["type": "String", "value": "https://a"])
        #expect(outputs["n"] == ["type": "Int", "value": 3])
        #expect(outputs["hidden"] == nil)
        #expect(outputs["list"]?["value"] == [0, 1])
        let wrong = try TT.template(#"{"resources": [], "outputs": {"n": {"type": "int", "value": "three"}}}"#)
        let error = TT.error { try TemplateOutputs.evaluate(wrong, scope: TT.scope()) }
        #expect(error?.code == "DeploymentOutputEvaluationFailed")
        #expect(error?.message.contains("Expected 'Integer'. Actual 'String'") == true)
    }
}
