import CeruleanJSON
import Foundation
import Testing

@Suite struct JSONParserTests {
    @Test func keepsObjectKeyOrderThroughARoundTrip() throws {
        let text = #"{"id":"/x","name":"n","type":"t","properties":{"z":1,"a":[true,false,null],"m":"s"}}"#
        let value = try JSONParser.parse(text)
        #expect(value.objectValue?.keys == ["id", "name", "type", "properties"])
        #expect(value.compactString == text)
    }

    @Test func numbers() throws {
        #expect(try JSONParser.parse("0") == .number(0))
        #expect(try JSONParser.parse("-12.5e2") == .number(-1250))
        #expect(try JSONParser.parse("3").intValue == 3)
        #expect(try JSONParser.parse("3.5").intValue == nil)
        #expect(JSON.number(1e20).compactString == "1e+20")
        #expect(JSON.number(0.25).compactString == "0.25")
        #expect(JSON.number(42).compactString == "42")
    }

    @Test func stringsAndEscapes() throws {
        let parsed = try JSONParser.parse(#""a\"b\\c\/d\n\t\u00e9\ud83d\ude00""#)
        #expect(parsed == .string("a\"b\\c/d\n\té😀"))
        let out = JSON.string("quote\" back\\ nl\n ctl\u{01}").compactString
        #expect(out == #""quote\" back\\ nl\n ctl\u0001""#)
        #expect(try JSONParser.parse(out) == .string("quote\" back\\ nl\n ctl\u{01}"))
        // Runs between escapes, at either end, and multi-byte text are copied whole.
        #expect(JSON.string("\"é😀\r\u{1f}x\"").compactString == #""\"é😀\r\u001fx\"""#)
        #expect(JSON.string("").compactString == #""""#)
    }

    @Test(arguments: [
        ("{\"a\":1,}", "Expected a property name"),
        ("[1,2", "Unexpected end of input"),
        ("{\"a\" 1}", "Expected ':'"),
        ("01", "leading zeros"),
        ("\"\\x\"", "Invalid escape"),
        ("\"\\ud800\"", "Unpaired surrogate"),
        ("{\"a\":1,\"a\":2}", "Duplicate property"),
        ("nul", "Invalid literal"),
        ("1 2", "Unexpected content"),
        ("\"tab\there\"", "Control characters"),
        ("", "Unexpected end of input"),
        ("// c\n{}", "Unexpected character"),
    ])
    func rejectsMalformedInputWithAReason(_ input: String, _ reason: String) {
        #expect {
            try JSONParser.parse(input)
        } throws: { error in
            (error as? JSONParseError)?.message.contains(reason) == true
        }
    }

    @Test func reportsLineAndColumn() {
        do {
            _ = try JSONParser.parse("{\n  \"a\": 1,\n  \"b\": ?\n}")
            Issue.record("should have thrown")
        } catch let error as JSONParseError {
            #expect(error.line == 3)
            #expect(error.column == 8)
            #expect(error.description.contains("line 3, column 8"))
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func commentsAndTrailingCommasOnlyInJSONC() throws {
        let text = """
            // a template
            {
              /* block */ "a": [1, 2,], // trailing
              "b": {"c": true,},
            }
            """
        let value = try JSONParser(allowComments: true).parse(Data(text.utf8))
        #expect(value["a"] == [1, 2])
        #expect(value["b"]?["c"] == .bool(true))
        #expect(throws: JSONParseError.self) { try JSONParser.parse(text) }
        #expect(throws: JSONParseError.self) { try JSONParser(allowComments: true).parse(Data("/* open".utf8)) }
    }

    @Test func jsoncOnlyInsideTheLenientMember() throws {
        let parser = JSONParser(lenientMember: ["properties", "template"])
        let body = """
            {"properties": {"mode": "Incremental", "template": // pasted file
            {
              "resources": [1, 2,], /* note */
            }
            // end of file
            , "parameters": {}}}
            """
        let value = try parser.parse(Data(body.utf8))
        #expect(value["properties"]?["template"]?["resources"] == [1, 2])
        #expect(value["properties"]?["mode"] == "Incremental")
        // Outside the template the body is strict JSON.
        let commentElsewhere = #"{"properties": {"template": {}, "parameters": {"a": 1,}}}"#
        #expect(throws: JSONParseError.self) { try parser.parse(Data(commentElsewhere.utf8)) }
        let topComment = #"{"properties": {"template": {}} // no"# + "\n}"
        #expect(throws: JSONParseError.self) { try parser.parse(Data(topComment.utf8)) }
        // `az` splices the file in after an unquoted key; strings in templates may span lines.
        let spliced = "{\"properties\": {\"parameters\": {}, \"mode\": \"Incremental\", template:{\"s\": \"two\nlines\", // c\n}\n}}"
        let splicedValue = try parser.parse(Data(spliced.utf8))
        #expect(splicedValue["properties"]?["template"]?["s"] == "two\nlines")
        #expect(throws: JSONParseError.self) { try parser.parse(Data(#"{"properties": {mode: "Incremental"}}"#.utf8)) }
        #expect(throws: JSONParseError.self) { try parser.parse(Data(#"{template: {}}"#.utf8)) }
        #expect(throws: JSONParseError.self) { try parser.parse(Data("{\"properties\": {\"mode\": \"a\nb\"}}".utf8)) }
        let inArray = #"{"properties": [{"template": {"a": 1,}}]}"#
        #expect(throws: JSONParseError.self) { try parser.parse(Data(inArray.utf8)) }
    }

    @Test func positionsOfObjectsByPath() throws {
        let text = "{\"a\": [1,\n  {\"b\": {}}],\n \"c\": {}}"
        let (value, positions) = try JSONParser().parseWithPositions(Data(text.utf8))
        #expect(value["c"] == .object([:]))
        #expect(positions[""] == JSONPosition(line: 1, column: 1))
        #expect(positions["a[1]"] == JSONPosition(line: 2, column: 3))
        #expect(positions["a[1].b"] == JSONPosition(line: 2, column: 9))
        #expect(positions["c"] == JSONPosition(line: 3, column: 7))
    }

    @Test func refusesPathologicalNesting() {
        let deep = String(repeating: "[", count: 300) + String(repeating: "]", count: 300)
        #expect(throws: JSONParseError.self) { try JSONParser.parse(deep) }
    }

    @Test func objectEditing() {
        var o: JSONObject = ["a": 1, "b": 2]
        o["a"] = nil
        o["c"] = 3
        o["b"] = "two"
        #expect(o.keys == ["b", "c"])
        #expect(o.value(forCaseInsensitiveKey: "C") == 3)
        #expect(JSONObject([("x", 1), ("y", 2)]) == JSONObject([("y", 2), ("x", 1)]))
    }

    @Test func prettyPrinting() {
        let value: JSON = ["a": [1, ["b": nil]], "c": [:]]
        #expect(value.prettyPrinted() == "{\n  \"a\": [\n    1,\n    {\n      \"b\": null\n    }\n  ],\n  \"c\": {}\n}")
    }
}
