//! A leaf order from average-linkage hierarchical clustering: actors with similar profiles end
//! up side by side, so blocks of allies and of adversaries show in the heatmap.

/// The order of `profiles` (one vector per item, all of one length; a missing value as 0) that
/// lists the leaves of their average-linkage (UPGMA) tree on Euclidean distance, left to right.
///
/// O(m^3) for m items: the report clusters at most a few hundred actors. Ties merge the pair
/// with the lowest indices first, so the order depends only on the profiles and their order.
pub fn leaf_order(profiles: &[Vec<f64>]) -> Vec<usize> {
    let m = profiles.len();
    if m == 0 {
        return Vec::new();
    }
    let dist = |a: &[f64], b: &[f64]| -> f64 {
        a.iter()
            .zip(b)
            .map(|(x, y)| (x - y) * (x - y))
            .sum::<f64>()
            .sqrt()
    };
    // Distances between live clusters; each cluster holds its leaves in order, and its size.
    let mut d: Vec<Vec<f64>> = (0..m)
        .map(|i| (0..m).map(|j| dist(&profiles[i], &profiles[j])).collect())
        .collect();
    let mut leaves: Vec<Option<Vec<usize>>> = (0..m).map(|i| Some(vec![i])).collect();
    for _ in 1..m {
        let mut best: Option<(f64, usize, usize)> = None;
        for i in 0..m {
            if leaves[i].is_none() {
                continue;
            }
            for j in i + 1..m {
                if leaves[j].is_none() {
                    continue;
                }
                if best.is_none_or(|(b, _, _)| d[i][j] < b) {
                    best = Some((d[i][j], i, j));
                }
            }
        }
        let Some((_, i, j)) = best else { break };
        let right = leaves[j].take().expect("live cluster");
        let left = leaves[i].as_mut().expect("live cluster");
        let (ni, nj) = (left.len() as f64, right.len() as f64);
        left.extend(right);
        // Average linkage: the merged cluster's distance is the size-weighted mean.
        for k in 0..m {
            if k != i && leaves[k].is_some() {
                let v = (d[i][k] * ni + d[j][k] * nj) / (ni + nj);
                d[i][k] = v;
                d[k][i] = v;
            }
        }
    }
    leaves.into_iter().flatten().flatten().collect()
}

#[cfg(test)]
mod tests {
    use super::leaf_order;

    #[test]
    fn similar_profiles_end_up_adjacent() {
        // Two blocks: 0 and 2 alike, 1 and 3 alike.
        let p = vec![
            vec![1.0, 1.0, -1.0],
            vec![-1.0, -0.9, 1.0],
            vec![0.9, 1.0, -1.0],
            vec![-1.0, -1.0, 0.9],
        ];
        let order = leaf_order(&p);
        let mut sorted = order.clone();
        sorted.sort_unstable();
        assert_eq!(sorted, [0, 1, 2, 3], "a permutation");
        let pos = |i: usize| order.iter().position(|&x| x == i).unwrap();
        assert_eq!(pos(0).abs_diff(pos(2)), 1, "{order:?}");
        assert_eq!(pos(1).abs_diff(pos(3)), 1, "{order:?}");
    }

    #[test]
    fn empty_and_single() {
        assert!(leaf_order(&[]).is_empty());
        assert_eq!(leaf_order(&[vec![0.5]]), [0]);
    }
}
