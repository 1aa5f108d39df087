/// Finds the array at a JSON pointer in a streamed document and hands on each element's bytes,
/// in constant memory however large the document. It only tokenises; elements are parsed later.
struct JSONArraySplitter {
    /// One element of the target array.
    struct Element {
        var bytes: [UInt8]
        var index: Int
        var line: Int
    }

    private struct Container {
        var isObject: Bool
        var key: String?
        var index = 0
        var expectingKey = true
    }

    private let tokens: [String]
    private var stack: [Container] = []
    private(set) var line = 1
    private(set) var column = 0
    private(set) var foundTarget = false
    private(set) var closedTarget = false
    private var targetDepth = -1

    private var inString = false
    private var escaped = false
    private var capturingKey = false
    private var keyBytes: [UInt8] = []

    // Element capture inside the target array.
    private var element: [UInt8] = []
    private var elementDepth = 0
    private var elementIndex = 0
    private var elementLine = 0
    private var inElement = false
    private var elementIsScalar = false

    init(pointer tokens: [String]) { self.tokens = tokens }

    /// The partial element at end of input, if the document stopped inside one.
    var unfinishedElement: Element? {
        inElement ? Element(bytes: element, index: elementIndex, line: elementLine) : nil
    }

    private var atTarget: Bool { targetDepth >= 0 && stack.count == targetDepth }

    private func pathMatchesTarget() -> Bool {
        guard stack.count == tokens.count else { return false }
        for (container, token) in zip(stack, tokens) {
            if container.isObject { guard container.key == token else { return false } } else { guard String(container.index) == token else { return false } }
        }
        return true
    }

    mutating func feed(_ chunk: UnsafeRawBufferPointer, _ emit: (Element) throws -> Void) rethrows {
        for byte in chunk {
            if byte == 0x0A { line += 1; column = 0 } else { column += 1 }
            if inElement {
                try elementByte(byte, emit)
                continue
            }
            if inString {
                if escaped { escaped = false; if capturingKey { keyBytes.append(byte) }; continue }
                if byte == UInt8(ascii: "\\") { escaped = true; if capturingKey { keyBytes.append(byte) }; continue }
                if byte == UInt8(ascii: "\"") {
                    inString = false
                    if capturingKey {
                        capturingKey = false
                        keyBytes.append(byte)
                        stack[stack.count - 1].key = Self.decodeKey(keyBytes)
                    }
                } else if capturingKey {
                    keyBytes.append(byte)
                }
                continue
            }
            if atTarget {
                switch byte {
                case 0x20, 0x0A, 0x0D, 0x09, UInt8(ascii: ","): continue
                case UInt8(ascii: "]"):
                    stack.removeLast()
                    targetDepth = -1
                    closedTarget = true
                    continue
                default:
                    inElement = true
                    elementIsScalar = byte != UInt8(ascii: "{") && byte != UInt8(ascii: "[")
                    elementDepth = 0
                    elementLine = line
                    element.removeAll(keepingCapacity: true)
                    try elementByte(byte, emit)
                    continue
                }
            }
            switch byte {
            case UInt8(ascii: "\""):
                inString = true
                if let top = stack.last, top.isObject, top.expectingKey, stack.count <= tokens.count {
                    capturingKey = true
                    keyBytes = [byte]
                }
            case UInt8(ascii: "{"):
                stack.append(Container(isObject: true))
            case UInt8(ascii: "["):
                let isTarget = !foundTarget && pathMatchesTarget()
                stack.append(Container(isObject: false))
                if isTarget { foundTarget = true; targetDepth = stack.count }
            case UInt8(ascii: ":"):
                if !stack.isEmpty { stack[stack.count - 1].expectingKey = false }
            case UInt8(ascii: ","):
                if !stack.isEmpty {
                    if stack[stack.count - 1].isObject { stack[stack.count - 1].expectingKey = true } else { stack[stack.count - 1].index += 1 }
                }
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                if !stack.isEmpty { stack.removeLast() }
            default:
                break
            }
        }
    }

    private mutating func elementByte(_ byte: UInt8, _ emit: (Element) throws -> Void) rethrows {
        if inString {
            element.append(byte)
            if escaped { escaped = false } else if byte == UInt8(ascii: "\\") { escaped = true } else if byte == UInt8(ascii: "\"") { inString = false }
            return
        }
        if elementIsScalar && elementDepth == 0 {
            if byte == UInt8(ascii: ",") || byte == UInt8(ascii: "]") || byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 {
                try finishElement(emit)
                if byte == UInt8(ascii: "]") { stack.removeLast(); targetDepth = -1; closedTarget = true }
                return
            }
            if byte == UInt8(ascii: "\"") { inString = true }
            element.append(byte)
            return
        }
        element.append(byte)
        switch byte {
        case UInt8(ascii: "\""): inString = true
        case UInt8(ascii: "{"), UInt8(ascii: "["): elementDepth += 1
        case UInt8(ascii: "}"), UInt8(ascii: "]"):
            elementDepth -= 1
            if elementDepth == 0 { try finishElement(emit) }
        default: break
        }
    }

    /// A captured key, quotes included, as text (escapes resolved).
    private static func decodeKey(_ quoted: [UInt8]) -> String {
        let parsed = quoted.withUnsafeBufferPointer { try? JSONParser.parse($0) }
        if case .string(let text)? = parsed { return text }
        return String(decoding: quoted.dropFirst().dropLast(), as: UTF8.self)
    }

    private mutating func finishElement(_ emit: (Element) throws -> Void) rethrows {
        inElement = false
        let done = Element(bytes: element, index: elementIndex, line: elementLine)
        elementIndex += 1
        try emit(done)
    }
}
