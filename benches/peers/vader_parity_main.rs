//! The crate vader-parity over one text per line, printing what `stance valence` prints.
use std::io::{BufRead, BufWriter, Write};

fn py(x: f64) -> String {
    if x.fract() == 0.0 { format!("{x:.1}") } else { format!("{x}") }
}

fn main() {
    let analyzer = vader_parity::SentimentIntensityAnalyzer::new();
    let path = std::env::args().nth(1).expect("a file of texts");
    let input = std::io::BufReader::new(std::fs::File::open(path).expect("readable"));
    let mut out = BufWriter::new(std::io::stdout().lock());
    writeln!(out, "neg\tneu\tpos\tcompound").unwrap();
    for line in input.lines() {
        let s = analyzer.polarity_scores(&line.expect("UTF-8"));
        writeln!(out, "{}\t{}\t{}\t{}", py(s.neg), py(s.neu), py(s.pos), py(s.compound)).unwrap();
    }
}
