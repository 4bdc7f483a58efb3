import Billing
import Store

/// Managed compute's deployment timelines (`ComputeTimeline`, kept after a deployment is
/// deleted) as billing's instance-hour meter reads them.
public struct ComputeInstanceTimelines: InstanceTimelineSource {
    public init() {}

    public func timelines(_ tx: StoreTransaction) throws -> [InstanceTimeline] {
        try ComputeTimeline.all(from: tx).map { timeline in
            InstanceTimeline(deploymentID: timeline.deploymentID, instanceType: timeline.instanceType,
                             changes: timeline.changes)
        }
    }
}
