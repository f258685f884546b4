import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// A page parsed as XML: proof that it is well-formed, and the elements
/// and texts a test looks at.
final class XHTMLDocument: NSObject, XMLParserDelegate {
    struct Element {
        var name: String
        var attributes: [String: String]
        var text = ""
    }

    private(set) var elements: [Element] = []
    private var open: [Int] = []
    private(set) var error: String?

    /// Parses `text`; ``error`` says why it is not well-formed.
    init(_ text: String) {
        super.init()
        let parser = XMLParser(data: Data(text.utf8))
        parser.delegate = self
        if !parser.parse() {
            error = parser.parserError.map { "\($0) at line \(parser.lineNumber), column \(parser.columnNumber)" } ?? "not well-formed"
        }
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        elements.append(Element(name: name, attributes: attributes))
        open.append(elements.count - 1)
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        open.removeLast()
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        for index in open { elements[index].text += string }
    }

    /// Elements that have attribute `name`.
    func elements(with name: String) -> [Element] { elements.filter { $0.attributes[name] != nil } }

    /// The element whose `id` is `id`.
    func element(id: String) -> Element? { elements.first { $0.attributes["id"] == id } }
}
