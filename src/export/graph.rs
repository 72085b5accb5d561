//! The matrix as a directed, signed network: GraphML and GEXF, for Gephi, networkx and igraph.

use std::io::{self, Write};

use super::xml_escape;
use crate::actors::ActorSet;
use crate::attribution::Source;
use crate::matrix::{actors_used, source_id, Accumulator};

/// The edges of one scorer between actors (the `@author` voice is not a node): source, target,
/// mean, n.
fn edges<'a>(
    acc: &'a Accumulator,
    actors: &'a ActorSet,
    scorer: &str,
) -> Vec<(&'a str, &'a str, f64, u64)> {
    let id_of = |s: Source| source_id(actors, s);
    let index = acc.scorer_index(scorer);
    acc.sorted(&id_of)
        .into_iter()
        .filter(|(k, _)| Some(k.scorer) == index && k.source != Source::Author)
        .map(|(k, c)| {
            (
                id_of(k.source),
                actors.get(k.target).id.as_str(),
                c.mean(),
                c.n,
            )
        })
        .collect()
}

/// The fixed start of a GraphML file: the declaration and the attribute keys.
const GRAPHML_HEADER: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns">
  <key id="label" for="node" attr.name="label" attr.type="string"/>
  <key id="kind" for="node" attr.name="kind" attr.type="string"/>
  <key id="weight" for="edge" attr.name="weight" attr.type="double"/>
  <key id="n" for="edge" attr.name="n" attr.type="int"/>
  <key id="sign" for="edge" attr.name="sign" attr.type="int"/>
"#;

/// GraphML: nodes with `label` and `kind`, directed edges with `weight` (the mean), `n` and
/// `sign` (-1, 0, +1).
pub fn write_graphml<W: Write + ?Sized>(
    out: &mut W,
    acc: &Accumulator,
    actors: &ActorSet,
    scorer: &str,
) -> io::Result<()> {
    let acc = acc.collapsed();
    out.write_all(GRAPHML_HEADER.as_bytes())?;
    writeln!(
        out,
        r#"  <graph id="{}" edgedefault="directed">"#,
        xml_escape(scorer)
    )?;
    for a in actors_used(&acc, actors) {
        let actor = actors.get(a);
        writeln!(
            out,
            r#"    <node id="{}"><data key="label">{}</data><data key="kind">{}</data></node>"#,
            xml_escape(&actor.id),
            xml_escape(&actor.name),
            actor.kind.as_str()
        )?;
    }
    for (i, (s, t, mean, n)) in edges(&acc, actors, scorer).into_iter().enumerate() {
        writeln!(
            out,
            r#"    <edge id="e{i}" source="{}" target="{}"><data key="weight">{mean:.6}</data><data key="n">{n}</data><data key="sign">{}</data></edge>"#,
            xml_escape(s),
            xml_escape(t),
            sign(mean)
        )?;
    }
    writeln!(out, "  </graph>")?;
    writeln!(out, "</graphml>")
}

/// GEXF 1.3: the same network, with `weight` as the edge weight and `n`, `sign`, `kind` as
/// attributes.
pub fn write_gexf<W: Write + ?Sized>(
    out: &mut W,
    acc: &Accumulator,
    actors: &ActorSet,
    scorer: &str,
) -> io::Result<()> {
    let acc = acc.collapsed();
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(out, r#"<gexf xmlns="http://gexf.net/1.3" version="1.3">"#)?;
    writeln!(
        out,
        r#"  <meta><creator>stance</creator><description>{} matrix</description></meta>"#,
        xml_escape(scorer)
    )?;
    writeln!(out, r#"  <graph defaultedgetype="directed" mode="static">"#)?;
    writeln!(
        out,
        r#"    <attributes class="node"><attribute id="kind" title="kind" type="string"/></attributes>"#
    )?;
    writeln!(
        out,
        r#"    <attributes class="edge"><attribute id="n" title="n" type="integer"/><attribute id="sign" title="sign" type="integer"/></attributes>"#
    )?;
    writeln!(out, "    <nodes>")?;
    for a in actors_used(&acc, actors) {
        let actor = actors.get(a);
        writeln!(
            out,
            r#"      <node id="{}" label="{}"><attvalues><attvalue for="kind" value="{}"/></attvalues></node>"#,
            xml_escape(&actor.id),
            xml_escape(&actor.name),
            actor.kind.as_str()
        )?;
    }
    writeln!(out, "    </nodes>")?;
    writeln!(out, "    <edges>")?;
    for (i, (s, t, mean, n)) in edges(&acc, actors, scorer).into_iter().enumerate() {
        writeln!(
            out,
            r#"      <edge id="e{i}" source="{}" target="{}" weight="{mean:.6}"><attvalues><attvalue for="n" value="{n}"/><attvalue for="sign" value="{}"/></attvalues></edge>"#,
            xml_escape(s),
            xml_escape(t),
            sign(mean)
        )?;
    }
    writeln!(out, "    </edges>")?;
    writeln!(out, "  </graph>")?;
    writeln!(out, "</gexf>")
}

fn sign(x: f64) -> i32 {
    if x > 0.0 {
        1
    } else if x < 0.0 {
        -1
    } else {
        0
    }
}
