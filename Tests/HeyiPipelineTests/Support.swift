import Foundation
@_exported import HeyiTestSupport
@testable import HeyiPipeline
@testable import HeyiStore

/// The Samples/ sources: mapping, files, and the records and rejects each must give.
let sampleSources: [(mapping: String, files: [String], records: Int, rejects: Int)] = [
    ("sales-zhang", ["Samples/sales/张三-客户名单.csv"], 58, 2),
    ("sales-li", ["Samples/sales/李四-客户.csv"], 52, 1),
    ("sales-wang", ["Samples/sales/王五-客户.tsv"], 44, 0),
    ("crm", ["Samples/crm/"], 79, 1),
    ("web-members", ["Samples/web/members.jsonl"], 46, 1),
    ("service-complaints", ["Samples/service/complaints.json"], 30, 1),
]

func ingest(_ mapping: String, _ files: [String], into store: Store, base: String = repositoryRoot) throws -> IngestSummary {
    let plan = try IngestPlan.make(mappingPath: "\(repositoryRoot)/Mappings/\(mapping).yaml", inputs: files, relativeTo: base)
    return try IngestRun(store: store).run(plan, command: "test \(mapping)")
}
