"""Python vaderSentiment 3.3.2 over one text per line, printing what `stance valence` prints."""
import sys

from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

analyzer = SentimentIntensityAnalyzer()
out = sys.stdout
out.write("neg\tneu\tpos\tcompound\n")
with open(sys.argv[1], encoding="utf-8") as f:
    for line in f:
        s = analyzer.polarity_scores(line.rstrip("\n"))
        out.write(f"{s['neg']!r}\t{s['neu']!r}\t{s['pos']!r}\t{s['compound']!r}\n")
