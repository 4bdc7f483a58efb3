import CeruleanJSON
import Foundation
@testable import Templates

enum TT {
    static let environment = DeploymentEnvironment(
        subscriptionID: "sub-1", subscriptionName: "Cerulean Subscription", tenantID: "tenant-1",
        resourceGroup: ["id": "/subscriptions/sub-1/resourceGroups/rg", "name": "rg", "location": "eastus2", "tags": [:],
                        "type": "Microsoft.Resources/resourceGroups"],
        deploymentName: "deploy-1", location: "eastus2", resourceManagerURL: "https://localhost:8443/")

    static func scope(parameters: JSONObject = [:], variables: JSONObject = [:]) -> TemplateScope {
        TemplateScope(parameters: parameters, variables: variables, environment: environment)
    }

    /// Evaluates a template string (with or without the brackets' expression).
    static func eval(_ text: String, parameters: JSONObject = [:], variables: JSONObject = [:],
                     scope: TemplateScope? = nil) throws -> JSON {
        try Evaluator(scope: scope ?? Self.scope(parameters: parameters, variables: variables)).evaluateValue(.string(text))
    }

    /// The message of the `TemplateError` `body` throws, or `nil` if it does not throw one.
    static func error(_ body: () throws -> Any) -> TemplateError? {
        do {
            _ = try body()
            return nil
        } catch let e as TemplateError {
            return e
        } catch {
            return TemplateError(code: "Unexpected", "\(error)")
        }
    }

    static func template(_ text: String) throws -> Template {
        try Template(JSONParser(allowComments: true).parse(Data(text.utf8)))
    }
}
