import CeruleanJSON

/// One resource a deployment will create: a template resource after `copy`, `condition` and
/// its name, type and id have been worked out; the rest of its body is evaluated when it runs.
public struct PlannedResource: Sendable {
    /// The name as the template gives it, e.g. `ws/endpoint`.
    public let name: String
    public let type: String
    public let apiVersion: String
    public let id: String
    /// The template's definition, without the members the planner consumed.
    public let definition: JSONObject
    public let copyIndices: [CopyPosition]
    public let copyName: String?
    /// Where it is in the deployment body, e.g. `properties.template.resources[0]`.
    public let path: String
    /// Ids of the template resources it must wait for.
    public internal(set) var dependsOn: [String] = []

    public struct CopyPosition: Sendable {
        public let loop: String
        public let index: Int
    }
}
