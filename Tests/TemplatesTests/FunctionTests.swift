import CeruleanJSON
import Testing
@testable import Templates

/// Every template function the evaluator offers, with a value and, where it can fail, its error.
@Suite struct FunctionTests {
    @Test func stringFunctions() throws {
        let p: JSONObject = ["name": "My-Project", "n": 3]
        #expect(try TT.eval("[concat(parameters('name'), '/', 'ep', parameters('n'))]", parameters: p) == "My-Project/ep3")
        #expect(try TT.eval("[concat(createArray(1, 2), createArray(3))]") == [1, 2, 3])
        #expect(try TT.eval("[format('{0}-{1}-{0}, {{x}}', 'a', 7)]") == "a-7-a, {x}")
        #expect(try TT.eval("[toLower(parameters('name'))]", parameters: p) == "my-project")
        #expect(try TT.eval("[toUpper('abc')]") == "ABC")
        #expect(try TT.eval("[replace('a.b.c', '.', '-')]") == "a-b-c")
        #expect(try TT.eval("[substring('abcdef', 2, 3)]") == "cde")
        #expect(try TT.eval("[substring('abcdef', 4)]") == "ef")
        #expect(try TT.eval("[trim('  x ')]") == "x")
        #expect(try TT.eval("[split('a,b;c', createArray(',', ';'))]") == ["a", "b", "c"])
        #expect(try TT.eval("[startsWith('Hello', 'he')]") == true)
        #expect(try TT.eval("[endsWith('Hello', 'LO')]") == true)
        #expect(try TT.eval("[indexOf('abcabc', 'c')]") == 2)
        #expect(try TT.eval("[lastIndexOf('abcabc', 'c')]") == 5)
        #expect(try TT.eval("[padLeft('7', 3, '0')]") == "007")
        #expect(try TT.eval("[base64ToString(base64('hé'))]") == "hé")
        #expect(try TT.eval("[[not an expression]") == "[not an expression]")
    }

    @Test func uniqueStringAndGuidAreDeterministic() throws {
        let a = try TT.eval("[uniqueString(resourceGroup().id)]")
        #expect(a == (try TT.eval("[uniqueString(resourceGroup().id)]")))
        #expect(a != (try TT.eval("[uniqueString(subscription().id)]")))
        #expect(a.stringValue?.count == 13)
        #expect(a.stringValue?.allSatisfy { "abcdefghijklmnopqrstuvwxyz234567".contains($0) } == true)
        let g = try TT.eval("[guid('a', 'b')]").stringValue ?? ""
        #expect(g.range(of: "^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$", options: .regularExpression) != nil)
        #expect(g == (try TT.eval("[guid('a', 'b')]").stringValue))
        #expect(g != (try TT.eval("[guid('a', 'c')]").stringValue))
    }

    @Test func stringFunctionErrors() {
        #expect(TT.error { try TT.eval("[substring('abc', 2, 5)]") }?.message.contains("function 'substring'") == true)
        #expect(TT.error { try TT.eval("[toLower(1)]") }?.message.contains("of type 'Integer' is not valid") == true)
        #expect(TT.error { try TT.eval("[toLower()]") }?.message
            == "Unable to evaluate template language function 'toLower': function requires 1 argument(s) while 0 were provided. Please see https://aka.ms/arm-functions#tolower for usage details.")
        #expect(TT.error { try TT.eval("[format('{3}', 'a')]") }?.message.contains("does not match an argument") == true)
        #expect(TT.error { try TT.eval("[replace('a', '', 'b')]") } != nil)
        // Results are bounded: doubling a string through variables cannot exhaust memory.
        var doubling: JSONObject = ["v0": .string(String(repeating: "x", count: 1024))]
        for i in 1...12 { doubling["v\(i)"] = .string("[concat(variables('v\(i - 1)'), variables('v\(i - 1)'))]") }
        #expect(TT.error { try TT.eval("[variables('v12')]", variables: doubling) }?.message.contains("more than the limit") == true)
        #expect(TT.error { try TT.eval("[padLeft('x', 1000000000)]") }?.message.contains("more than the limit") == true)
        #expect(TT.error { try TT.eval("[replace(padLeft('a', 1000, 'a'), 'a', padLeft('b', 100000))]") }?.message.contains("more than the limit") == true)
    }

    @Test func logicalFunctions() throws {
        #expect(try TT.eval("[if(equals(1, 1), 'yes', 'no')]") == "yes")
        #expect(try TT.eval("[if(false(), parameters('missing'), 'safe')]") == "safe")  // the other branch is not evaluated
        #expect(try TT.eval("[not(equals('a', 'A'))]") == true)
        #expect(try TT.eval("[and(true(), equals(2, 2), not(false()))]") == true)
        #expect(try TT.eval("[or(false(), false())]") == false)
        #expect(try TT.eval("[or(true(), parameters('missing'))]") == true)
        #expect(try TT.eval("[coalesce(null(), 'x')]") == "x")
        #expect(try TT.eval("[less(1, 2)]") == true)
        #expect(try TT.eval("[greaterOrEquals('b', 'a')]") == true)
        #expect(try TT.eval("[equals(createObject('a', 1), json('{\"a\":1}'))]") == true)
        #expect(TT.error { try TT.eval("[if('yes', 1, 2)]") }?.message.contains("'Boolean'") == true)
        #expect(TT.error { try TT.eval("[and(true())]") }?.message.contains("at least 2") == true)
    }

    @Test func collectionFunctions() throws {
        #expect(try TT.eval("[length('abc')]") == 3)
        #expect(try TT.eval("[length(createArray(1, 2))]") == 2)
        #expect(try TT.eval("[length(createObject('a', 1))]") == 1)
        #expect(try TT.eval("[empty('')]") == true)
        #expect(try TT.eval("[empty(createArray())]") == true)
        #expect(try TT.eval("[empty(createObject('a', 1))]") == false)
        #expect(try TT.eval("[contains('Hello', 'ELL')]") == true)
        #expect(try TT.eval("[contains(createArray('a', 'b'), 'b')]") == true)
        #expect(try TT.eval("[contains(createObject('Key', 1), 'key')]") == true)
        #expect(try TT.eval("[union(createArray(1, 2), createArray(2, 3))]") == [1, 2, 3])
        #expect(try TT.eval("[union(createObject('a', createObject('x', 1)), createObject('a', createObject('y', 2), 'b', 3))]")
            == ["a": ["x": 1, "y": 2], "b": 3])
        #expect(try TT.eval("[createObject('k', 'v', 'n', 1)]") == ["k": "v", "n": 1])
        #expect(try TT.eval("[intersection(createArray(1, 2, 3), createArray(3, 2, 9))]") == [2, 3])
        #expect(try TT.eval("[intersection(createObject('a', 1, 'b', 2), createObject('a', 1, 'b', 3))]") == ["a": 1])
        #expect(try TT.eval("[array('x')]") == ["x"])
        #expect(try TT.eval("[createArray('a', 1, true())]") == ["a", 1, true])
        #expect(try TT.eval("[first(createArray(5, 6))]") == 5)
        #expect(try TT.eval("[last('xyz')]") == "z")
        #expect(try TT.eval("[skip(createArray(1, 2, 3), 1)]") == [2, 3])
        #expect(try TT.eval("[take('abcd', 2)]") == "ab")
        #expect(try TT.eval("[range(3, 2)]") == [3, 4])
        #expect(try TT.eval("[max(createArray(3, 9, 4))]") == 9)
        #expect(try TT.eval("[min(3, 1)]") == 1)
        #expect(try TT.eval("[join(createArray('a', 'b'), '+')]") == "a+b")
        #expect(try TT.eval("[add(mul(2, 3), sub(10, div(9, 3)))]") == 13)
        #expect(try TT.eval("[mod(7, 3)]") == 1)
        #expect(TT.error { try TT.eval("[createObject('a')]") }?.message.contains("even number") == true)
        #expect(TT.error { try TT.eval("[length(1)]") } != nil)
        #expect(TT.error { try TT.eval("[div(1, 0)]") }?.message.contains("zero") == true)
        #expect(TT.error { try TT.eval("[union(createArray(1), createObject('a', 1))]") } != nil)
    }

    @Test func conversionFunctions() throws {
        #expect(try TT.eval("[string(true())]") == "True")
        #expect(try TT.eval("[string(42)]") == "42")
        #expect(try TT.eval("[string(createObject('a', 1))]") == #"{"a":1}"#)
        #expect(try TT.eval("[int('17')]") == 17)
        #expect(try TT.eval("[bool('TRUE')]") == true)
        #expect(try TT.eval("[bool(0)]") == false)
        #expect(try TT.eval("[json('[1, {\"a\": null}]')]") == [1, ["a": nil]])
        #expect(TT.error { try TT.eval("[int('x')]") } != nil)
        #expect(TT.error { try TT.eval("[bool('maybe')]") } != nil)
        #expect(TT.error { try TT.eval("[json('{')]") }?.message.contains("not valid JSON") == true)
    }

    @Test func propertyAndIndexAccess() throws {
        let p: JSONObject = ["cfg": ["items": [["name": "a"], ["name": "b"]]]]
        #expect(try TT.eval("[parameters('cfg').items[1].name]", parameters: p) == "b")
        #expect(try TT.eval("[parameters('cfg')['items'][0]['name']]", parameters: p) == "a")
        #expect(try TT.eval("[parameters('cfg').ITEMS[0].Name]", parameters: p) == "a")  // case-insensitive, as ARM
        #expect(TT.error { try TT.eval("[parameters('cfg').missing]", parameters: p) }?.message
            == "The language expression property 'missing' doesn't exist, available properties are 'items'.")
        #expect(TT.error { try TT.eval("[parameters('cfg').items[5]]", parameters: p) }?.message.contains("out of bounds") == true)
    }

    @Test func deploymentFunctions() throws {
        #expect(try TT.eval("[resourceGroup().location]") == "eastus2")
        #expect(try TT.eval("[resourceGroup().name]") == "rg")
        #expect(try TT.eval("[subscription().subscriptionId]") == "sub-1")
        #expect(try TT.eval("[subscription().tenantId]") == "tenant-1")
        #expect(try TT.eval("[deployment().name]") == "deploy-1")
        #expect(try TT.eval("[tenant().tenantId]") == "tenant-1")
        #expect(try TT.eval("[environment().resourceManager]") == "https://localhost:8443/")
        #expect(try TT.eval("[length(newGuid())]") == 36)
        #expect(try TT.eval("[variables('b')]", variables: ["a": "x", "b": "[concat(variables('a'), 'y')]"]) == "xy")
        #expect(try TT.eval("[variables('list')]", variables: ["copy": [["name": "list", "count": 2, "input": "[concat('i', string(copyIndex('list')))]"]]])
            == ["i0", "i1"])
        #expect(TT.error { try TT.eval("[parameters('nope')]") }?.message
            == "The template parameter 'nope' is not found. Please see https://aka.ms/arm-syntax-parameters for usage details.")
        #expect(TT.error { try TT.eval("[variables('nope')]") }?.message
            == "The template variable 'nope' is not found. Please see https://aka.ms/arm-syntax-variables for usage details.")
        #expect(TT.error { try TT.eval("[variables('a')]", variables: ["a": "[variables('a')]"]) }?.message.contains("circular") == true)
        #expect(TT.error { try TT.eval("[copyIndex()]") }?.message.contains("'copyIndex' is not expected") == true)
        #expect(TT.error { try TT.eval("[nosuchfunction()]") }?.message
            == "The template function 'nosuchfunction' is not valid. Please see https://aka.ms/arm-functions for usage details.")
    }

    @Test func resourceIdForms() throws {
        #expect(try TT.eval("[resourceId('Microsoft.MachineLearningServices/workspaces/serverlessEndpoints', 'ws', 'ep')]")
            == "/subscriptions/sub-1/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces/ws/serverlessEndpoints/ep")
        #expect(try TT.eval("[resourceId('other-rg', 'Microsoft.X/things', 't')]")
            == "/subscriptions/sub-1/resourceGroups/other-rg/providers/Microsoft.X/things/t")
        #expect(try TT.eval("[resourceId('sub-2', 'rg2', 'Microsoft.X/things', 't')]")
            == "/subscriptions/sub-2/resourceGroups/rg2/providers/Microsoft.X/things/t")
        #expect(try TT.eval("[subscriptionResourceId('Microsoft.X/things', 't')]") == "/subscriptions/sub-1/providers/Microsoft.X/things/t")
        #expect(TT.error { try TT.eval("[resourceId('Microsoft.X/things/children', 'only-one')]") }?.message.contains("requires '2'") == true)
    }

    @Test func referenceAndListReadLiveStateOrAreDeferred() throws {
        var scope = TT.scope()
        let id = "/subscriptions/sub-1/resourceGroups/rg/providers/Microsoft.X/things/t"
        scope.templateResources["t"] = id
        scope.references[id.lowercased()] = ["id": .string(id), "location": "eastus2", "properties": ["uri": "https://x"]]
        scope.listResults["listkeys \(id.lowercased())"] = ["primaryKey": "k1"]
        #expect(try TT.eval("[reference('t').uri]", scope: scope) == "https://x")
        #expect(try TT.eval("[reference(resourceId('Microsoft.X/things', 't'), '2024-04-01', 'Full').location]", scope: scope) == "eastus2")
        #expect(try TT.eval("[listKeys('t', '2024-04-01').primaryKey]", scope: scope) == "k1")
        #expect(TT.error { try TT.eval("[reference('unknown')]", scope: scope) }?.message.contains("could not find template resource") == true)
        scope.deferLiveState = true
        #expect(throws: DeferredEvaluation.self) { try TT.eval("[reference('t').uri]", scope: scope) }
        var lenient = Evaluator(scope: scope)
        lenient.tolerateDeferred = true
        #expect(try lenient.evaluateValue(["a": "[reference('t').uri]", "b": "[toUpper('x')]"]) == ["a": nil, "b": "X"])
    }
}
