"""Raw WordprocessingML for the Word bulletin: schema order, borders, frames, PAGE fields and
the turned page numbers of landscape annex pages (what python-docx has no API for)."""

from __future__ import annotations

from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph as DocxParagraph

# GB/T 9704 margins (mm): top 37, left 28, text block 156 × 225 on A4.
PORTRAIT = {"top": 37, "bottom": 35, "left": 28, "right": 26}
LANDSCAPE = {"top": 28, "bottom": 26, "left": 37, "right": 35}

# Child order of w:pPr and w:rPr in the schema: Word refuses a file whose children are out of
# order, so each element is inserted before the first later sibling present.
PPR_ORDER = (
    "w:pStyle", "w:keepNext", "w:keepLines", "w:pageBreakBefore", "w:framePr",
    "w:widowControl", "w:numPr", "w:suppressLineNumbers", "w:pBdr", "w:shd", "w:tabs",
    "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct", "w:topLinePunct",
    "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd", "w:snapToGrid",
    "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap",
    "w:jc", "w:textDirection", "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl",
    "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange",
)  # fmt: skip
RPR_ORDER = (
    "w:rStyle", "w:rFonts", "w:b", "w:bCs", "w:i", "w:iCs", "w:caps", "w:smallCaps",
    "w:strike", "w:dstrike", "w:outline", "w:shadow", "w:emboss", "w:imprint", "w:noProof",
    "w:snapToGrid", "w:vanish", "w:webHidden", "w:color", "w:spacing", "w:w", "w:kern",
    "w:position", "w:sz", "w:szCs", "w:highlight", "w:u", "w:effect", "w:bdr", "w:shd",
    "w:fitText", "w:vertAlign", "w:rtl", "w:cs", "w:em", "w:lang", "w:eastAsianLayout",
    "w:specVanish", "w:oMath",
)  # fmt: skip
TBLPR_LATER = ("w:tblCellMar", "w:tblLook", "w:tblCaption", "w:tblDescription")


def after(order: tuple[str, ...], tag: str) -> tuple[str, ...]:
    """The tags that must follow ``tag``."""
    return order[order.index(tag) + 1 :]


_EMU_PER_MM = 36000
# The upright page number: its line's top 7 mm below the text block (28 mm above the foot of
# the page, 4号 ≈ 6 mm high), its outer end one character (14 pt) inside the text block.
_NUMBER_TOP_FROM_FOOT = 28.0
_NUMBER_LINE = 7.0
_NUMBER_BOX_LENGTH = 40.0
_CHAR_MM = 14 * 25.4 / 72


def turned_number(odd: bool, box_id: int, style_id: str) -> object:
    """A run holding a page-anchored text box with "— PAGE —" turned a quarter.

    On a landscape page (297 × 210 mm) of an odd page the upright foot is the left edge and
    the upright right edge is the bottom: the text runs downwards (``vert``) and ends one
    character inside the upright text block. On an even page the foot is the right edge and
    the text runs upwards (``vert270``) from one character inside the upright left margin.
    """
    page_width, page_height = 297.0, 210.0
    if odd:
        # Upright right margin 26 mm: the number ends 26 mm + 1 character above the bottom.
        bottom = page_height - (PORTRAIT["right"] + _CHAR_MM)
        x = _NUMBER_TOP_FROM_FOOT - _NUMBER_LINE
        vert, align = "vert", "right"
    else:
        bottom = page_height - (PORTRAIT["left"] + _CHAR_MM)
        x = page_width - _NUMBER_TOP_FROM_FOOT
        vert, align = "vert270", "left"
    y = bottom - _NUMBER_BOX_LENGTH
    # Square wrapping, though the box lies in the margin where no text flows: LibreOffice 7.4
    # drops an unwrapped footer box to the page's corner on some section starts.
    cx, cy = round(_NUMBER_LINE * _EMU_PER_MM), round(_NUMBER_BOX_LENGTH * _EMU_PER_MM)
    xml = f"""
<w:r xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"
  xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
  xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"
  xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">
 <w:drawing>
  <wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0" relativeHeight="251659264"
    behindDoc="0" locked="1" layoutInCell="1" allowOverlap="1">
   <wp:simplePos x="0" y="0"/>
   <wp:positionH relativeFrom="page"><wp:posOffset>{round(x * _EMU_PER_MM)}</wp:posOffset>
   </wp:positionH>
   <wp:positionV relativeFrom="page"><wp:posOffset>{round(y * _EMU_PER_MM)}</wp:posOffset>
   </wp:positionV>
   <wp:extent cx="{cx}" cy="{cy}"/>
   <wp:effectExtent l="0" t="0" r="0" b="0"/>
   <wp:wrapSquare wrapText="bothSides"/>
   <wp:docPr id="{box_id}" name="页码{box_id}"/>
   <wp:cNvGraphicFramePr/>
   <a:graphic>
    <a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">
     <wps:wsp>
      <wps:cNvSpPr txBox="1"/>
      <wps:spPr>
       <a:xfrm><a:off x="0" y="0"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm>
       <a:prstGeom prst="rect"><a:avLst/></a:prstGeom>
       <a:noFill/>
       <a:ln><a:noFill/></a:ln>
      </wps:spPr>
      <wps:txbx>
       <w:txbxContent>
        <w:p>
         <w:pPr><w:pStyle w:val="{style_id}"/><w:jc w:val="{align}"/></w:pPr>
         <w:r><w:t xml:space="preserve">— </w:t></w:r>
         <w:fldSimple w:instr=" PAGE "><w:r><w:t>1</w:t></w:r></w:fldSimple>
         <w:r><w:t xml:space="preserve"> —</w:t></w:r>
        </w:p>
       </w:txbxContent>
      </wps:txbx>
      <wps:bodyPr rot="0" vert="{vert}" wrap="square" lIns="0" tIns="0" rIns="0" bIns="0"
        anchor="ctr" anchorCtr="0"><a:noAutofit/></wps:bodyPr>
     </wps:wsp>
    </a:graphicData>
   </a:graphic>
  </wp:anchor>
 </w:drawing>
</w:r>"""
    return parse_xml(xml.strip())


def page_field(paragraph: DocxParagraph) -> None:
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), " PAGE ")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def border(paragraph: DocxParagraph, side: str, colour: str, size_eighths: int) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    borders = ppr.find(qn("w:pBdr"))
    if borders is None:
        borders = OxmlElement("w:pBdr")
        ppr.insert_element_before(borders, *after(PPR_ORDER, "w:pBdr"))
    edge = OxmlElement(f"w:{side}")
    edge.set(qn("w:val"), "single")
    edge.set(qn("w:sz"), str(size_eighths))
    edge.set(qn("w:space"), "1")
    edge.set(qn("w:color"), colour.lstrip("#"))
    borders.append(edge)


def frame_at_foot(paragraph: DocxParagraph, width: float) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    frame = OxmlElement("w:framePr")
    frame.set(qn("w:w"), str(round(width * 20)))
    frame.set(qn("w:hAnchor"), "margin")
    frame.set(qn("w:vAnchor"), "margin")
    frame.set(qn("w:xAlign"), "center")
    frame.set(qn("w:yAlign"), "bottom")
    frame.set(qn("w:wrap"), "notBeside")
    ppr.insert_element_before(frame, *after(PPR_ORDER, "w:framePr"))
