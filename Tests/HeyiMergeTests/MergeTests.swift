@testable import HeyiMerge
import Testing

func member(_ id: Int64, _ source: String, name: String? = nil, id number: String? = nil, valid: Bool = true, company: String? = nil,
            address: String? = nil, phones: [String] = [], owner: String? = nil, department: String? = nil, updated: String = "") -> MemberRecord {
    MemberRecord(recordId: id, source: source, department: department, key: "K\(id)", file: "\(source).csv", line: Int(id) + 1, name: name,
                 idNumber: number, idNumberValid: valid, company: company, address: address, phones: phones, owner: owner, updatedAt: updated)
}

@Suite struct SurvivorshipTests {
    @Test func defaultsPickFrequentNamesValidIDsAndRecentCompanies() {
        let members = [
            member(1, "sales-zhang", name: "陈丽华", id: "110101199003074514", valid: false, company: "华辰科技", address: "北京市海淀区中关村大街1号",
                   phones: ["+8613800138000"], owner: "张三", department: "销售部", updated: "2024-01-01"),
            member(2, "crm", name: "陈丽华", id: "110101199003074513", valid: true, company: "鼎盛贸易", address: "北京市海淀区", phones: ["+8613800138000", "+861062345678"],
                   owner: "李四", department: "客户关系部", updated: "2025-06-01"),
            member(3, "web-members", name: "陈莉华", address: "北京市海淀区中关村大街1号院3号楼", department: "电商部", updated: "2023-01-01"),
        ]
        let golden = Merger().golden(members)
        #expect(golden.values[.name]?.value == "陈丽华") // two records against one
        #expect(golden.values[.idNumber]?.value == "110101199003074513" && golden.values[.idNumber]?.recordId == 2) // valid beats invalid
        #expect(golden.values[.company]?.value == "鼎盛贸易") // the newer record: a job change
        #expect(golden.values[.address]?.recordId == 2) // most recent first by default
        #expect(golden.phones.first == SourcedValue(value: "+8613800138000", recordIds: [1, 2]))
        #expect(golden.phones.count == 2 && golden.owners.map(\.value) == ["张三", "李四"])
        #expect(Set(golden.departments.map(\.value)) == ["销售部", "客户关系部", "电商部"])
        #expect(golden.recordIds == [1, 2, 3])
    }

    @Test func configuredRulesAndSourcePriority() {
        let members = [member(1, "web-members", name: "陈莉华", address: "北京市海淀区中关村大街1号院3号楼", updated: "2025-01-01"),
                       member(2, "crm", name: "陈丽华", address: "北京市海淀区", updated: "2020-01-01"),
                       member(3, "sales-li", name: "陈丽华", address: "北京市", updated: "2021-01-01")]
        let survivorship = Survivorship(sourcePriority: ["crm", "sales-*"], rules: [.name: [.sourcePriority], .address: [.mostComplete]])
        let golden = Merger(survivorship: survivorship).golden(members)
        #expect(golden.values[.name]?.recordId == 2)
        #expect(golden.values[.address]?.recordId == 1)
        #expect(Survivorship(sourcePriority: ["crm", "sales-*"]).rank("sales-zhang") == 1)
        #expect(Survivorship(sourcePriority: ["crm"]).rank("web") == 1)
        #expect(Survivorship.glob("s*-*g", "sales-zhang") && !Survivorship.glob("s*x", "sales"))
    }

    @Test func theResultDoesNotDependOnRecordOrder() {
        let members = (1...6).map { member(Int64($0), ["crm", "web", "sales"][$0 % 3], name: ["张伟", "張偉", "张伟"][$0 % 3], phones: ["+86138\($0 % 2)"], updated: "2024-0\($0)-01") }
        #expect(Merger().golden(members) == Merger().golden(members.reversed()))
    }
}

@Suite struct CustomerIDTests {
    let assigner = CustomerIDAssigner(next: 10)

    @Test func newClustersGetNewIdsAndJoinersKeepTheirs() {
        let first = assigner.assign(clusters: [[1, 2], [3]], previous: [:])
        #expect(first.assignment == [1: "C0000010", 2: "C0000010", 3: "C0000011"])
        #expect(first.events.map(\.kind) == [.created, .created] && first.next == 12)
        let second = CustomerIDAssigner(next: first.next).assign(clusters: [[1, 2, 4], [3]], previous: first.assignment)
        #expect(second.assignment[4] == "C0000010")
        #expect(second.touched == ["C0000010"])
        #expect(second.events == [CustomerEvent(kind: .changed, customer: "C0000010", other: nil, records: 1)])
    }

    @Test func whenCustomersMergeTheOldestIdSurvives() {
        let previous: [Int64: String] = [1: "C0000005", 2: "C0000003", 3: "C0000003"]
        let result = assigner.assign(clusters: [[1, 2, 3, 4]], previous: previous)
        #expect(Set(result.assignment.values) == ["C0000003"])
        #expect(result.mergedInto == ["C0000005": "C0000003"])
        #expect(result.events.contains(CustomerEvent(kind: .merged, customer: "C0000003", other: "C0000005", records: 1)))
    }

    @Test func whenACustomerSplitsTheLargerPartKeepsTheId() {
        let previous: [Int64: String] = [1: "C0000003", 2: "C0000003", 3: "C0000003"]
        let result = assigner.assign(clusters: [[3], [1, 2]], previous: previous)
        #expect(result.assignment[1] == "C0000003" && result.assignment[2] == "C0000003")
        #expect(result.assignment[3] == "C0000010")
        #expect(result.events.contains(CustomerEvent(kind: .split, customer: "C0000003", other: "C0000010", records: 1)))
        #expect(result.touched == ["C0000003", "C0000010"])
    }

    @Test func anUnchangedRunChangesNothing() {
        let previous: [Int64: String] = [1: "C0000001", 2: "C0000001", 3: "C0000002"]
        let result = assigner.assign(clusters: [[1, 2], [3]], previous: previous)
        #expect(result.assignment == previous && result.events.isEmpty && result.touched.isEmpty && result.next == 10)
    }
}
