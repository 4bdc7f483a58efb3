import CeruleanJSON
import Testing
@testable import Templates

@Suite struct ParameterBinderTests {
    let template: Template

    init() throws {
        template = try TT.template("""
            {
              "parameters": {
                "name": {"type": "string", "minLength": 3, "maxLength": 10},
                "size": {"type": "int", "defaultValue": 2, "minValue": 1, "maxValue": 5},
                "tier": {"type": "string", "defaultValue": "Standard", "allowedValues": ["Standard", "Premium"]},
                "where": {"type": "string", "defaultValue": "[resourceGroup().location]"},
                "label": {"type": "string", "defaultValue": "[concat(parameters('name'), '-', parameters('tier'))]"},
                "secret": {"type": "securestring", "defaultValue": "hidden"},
                "flags": {"type": "array", "defaultValue": []},
                "on": {"type": "bool", "defaultValue": true},
                "cfg": {"type": "object", "defaultValue": {}}
              },
              "resources": []
            }
            """)
    }

    func bind(_ supplied: JSONObject) throws -> JSONObject {
        try ParameterBinder(template: template, environment: TT.environment).bind(supplied)
    }

    @Test func defaultsMayBeExpressionsOverEarlierParameters() throws {
        let bound = try bind(["name": ["value": "demo"]])
        #expect(bound["size"] == 2)
        #expect(bound["where"] == "eastus2")
        #expect(bound["label"] == "demo-Standard")
        #expect(bound["secret"] == "hidden")
        #expect(ParameterBinder.displayType(["type": "securestring"]) == "SecureString")
        #expect(ParameterBinder.displayType(["type": "int"]) == "Int")
    }

    @Test func suppliedValuesWinAndParameterNamesIgnoreCase() throws {
        let bound = try bind(["NAME": ["value": "abc"], "size": ["value": 5], "tier": ["value": "Premium"]])
        #expect(bound["name"] == "abc" && bound["size"] == 5 && bound["tier"] == "Premium")
    }

    @Test func aNullValueTakesTheDefault() throws {
        // azure-ai-ml's workspace template is deployed with dozens of `"value": null` parameters.
        // az sends such a parameter as {} (its serializer drops the null value).
        let bound = try bind(["name": ["value": "demo"], "size": ["value": .null], "tier": ["value": .null],
                              "flags": ["value": .null], "cfg": [:]])
        #expect(bound["size"] == 2 && bound["tier"] == "Standard" && bound["flags"] == [] && bound["cfg"] == [:])
        #expect(bound["label"] == "demo-Standard")
        // Without a default, null is refused in ARM's words.
        #expect(TT.error { try bind(["name": ["value": .null]]) }?.message
            == "The value of deployment parameter 'name' is null. Please specify the value or use the parameter reference. See https://aka.ms/resource-manager-parameter-files for details.")
    }

    /// azure-ai-ml's workspace templates declare `vnetOption` (default from `privateEndpointType`) first.
    @Test func aDefaultMayUseAParameterDeclaredLater() throws {
        let later = try TT.template("""
            {"parameters": {
               "vnetOption": {"type": "string", "defaultValue": "[if(equals(parameters('privateEndpointType'), 'none'), 'none', 'new')]"},
               "privateEndpointType": {"type": "string", "defaultValue": "none"}},
             "resources": []}
            """)
        let bound = try ParameterBinder(template: later, environment: TT.environment).bind([:])
        #expect(bound["vnetOption"] == "none")
        #expect(bound.keys == ["vnetOption", "privateEndpointType"], "the answer keeps the declaration order")
        let given = try ParameterBinder(template: later, environment: TT.environment).bind(["privateEndpointType": ["value": "AutoApproval"]])
        #expect(given["vnetOption"] == "new")
        let circle = try TT.template("""
            {"parameters": {"a": {"type": "string", "defaultValue": "[parameters('b')]"},
                            "b": {"type": "string", "defaultValue": "[concat(parameters('a'), 'x')]"}},
             "resources": []}
            """)
        #expect(TT.error { try ParameterBinder(template: circle, environment: TT.environment).bind([:]) }?.message
            .contains("'a' -> 'b' -> 'a' refer to each other in a circle") == true)
        // Given a value, a parameter's default is not evaluated, so there is no circle.
        #expect(try ParameterBinder(template: circle, environment: TT.environment).bind(["a": ["value": "v"]])["b"] == "vx")
    }

    @Test func errorsAreInvalidTemplateWithARMsWording() {
        #expect(TT.error { try bind([:]) }?.message
            == "The value for the template parameter 'name' is not provided. Please see https://aka.ms/resource-manager-parameter-files for usage details.")
        #expect(TT.error { try bind(["name": ["value": 12]]) }?.message
            == "Template parameter JToken type is not valid. Expected 'String'. Actual 'Integer'. Please see https://aka.ms/resource-manager-parameter-files for usage details.")
        #expect(TT.error { try bind(["name": ["value": "abc"], "tier": ["value": "Gold"]]) }?.message
            == "The provided value 'Gold' for the template parameter 'tier' is not valid. The parameter value is not part of the allowed value(s): 'Standard,Premium'.")
        #expect(TT.error { try bind(["name": ["value": "abc"], "size": ["value": 9]]) }?.message.contains("less than or equal to '5'") == true)
        #expect(TT.error { try bind(["name": ["value": "ab"]]) }?.message.contains("greater than or equal to '3'") == true)
        let extra = TT.error { try bind(["name": ["value": "abc"], "bogus": ["value": 1]]) }
        #expect(extra?.message.hasPrefix("The template parameters 'bogus' in the parameters file are not valid") == true)
        #expect(extra?.code == "InvalidTemplate")
        #expect(TT.error { try bind(["name": ["reference": ["keyVault": ["id": "x"]]]]) }?.code == "InvalidDeploymentParameterKeyVaultReference")
        #expect(TT.error { try bind(["name": ["nothing": 1]]) }?.message.contains("is null") == true)
    }

    @Test func templateShapeErrors() {
        #expect(TT.error { try TT.template(#"{"resources": {}}"#) }?.message.contains("'resources' must be an array") == true)
        #expect(TT.error { try TT.template(#"{"parameters": {}}"#) }?.message.contains("'resources' is missing") == true)
        #expect(TT.error { try TT.template(#"{"parameters": {"a": {}}, "resources": []}"#) }?.message.contains("must be an object with a 'type'") == true)
        #expect(TT.error { try TT.template(#"{"languageVersion": "2.0", "resources": {}}"#) }?.message.contains("not supported") == true)
        #expect(TT.error { try TT.template("[1]") }?.message.contains("must be a JSON object") == true)
    }
}
