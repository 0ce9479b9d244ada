//! Chart options built with charming. Compiled for the server (tests, JSON)
//! and for the browser, where ECharts draws them.

use charming::{
    Chart,
    component::{Axis, Grid, Legend, RadarCoordinate},
    datatype::{DataPoint, DataPointItem},
    element::{AreaStyle, AxisType, ItemStyle, NameLocation, Tooltip, Trigger},
    series::{Bar, Boxplot, Line, Radar, Scatter},
};
use serde::{Deserialize, Serialize};

/// One named series of values, one value per axis.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Series {
    pub name: String,
    pub values: Vec<f64>,
}

/// A spider (radar) chart on a 0–10 scale with one polygon per series.
pub fn spider(axes: &[String], series: &[Series]) -> Chart {
    let indicator: Vec<(&str, f64, f64)> = axes.iter().map(|a| (a.as_str(), 0.0, 10.0)).collect();
    let mut radar = Radar::new()
        .name("spider")
        .area_style(AreaStyle::new().opacity(0.12));
    let mut data = Vec::with_capacity(series.len());
    for s in series {
        data.push((s.values.clone(), s.name.as_str()));
    }
    radar = radar.data(data);
    Chart::new()
        .tooltip(Tooltip::new().trigger(Trigger::Item))
        .legend(
            Legend::new()
                .bottom("0")
                .data(series.iter().map(|s| s.name.clone()).collect::<Vec<_>>()),
        )
        .radar(
            RadarCoordinate::new()
                .indicator(indicator)
                .radius("62%")
                .center(vec!["50%", "46%"]),
        )
        .series(radar)
}

/// What a chart shows; built into ECharts options in the browser.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum ChartSpec {
    /// Trend lines over `x` (years), one per series; `None` = no figure that year.
    Lines {
        x: Vec<String>,
        series: Vec<(String, Vec<Option<f64>>)>,
        y_max: f64,
    },
    /// DI × TMI of every peer; the reader's organisation drawn apart.
    Quadrant {
        peers: Vec<(f64, f64)>,
        own: Option<(f64, f64)>,
        own_name: String,
        peers_name: String,
        x_name: String,
        y_name: String,
    },
    /// One box (min, q1, median, q3, max) per category, with the reader's value.
    Boxes {
        categories: Vec<String>,
        boxes: Vec<[f64; 5]>,
        own: Vec<Option<f64>>,
        own_name: String,
        peers_name: String,
    },
    /// Bars per category (e.g. cost and savings per year) with optional lines
    /// on the same value axis (e.g. accumulated net); values may be negative.
    Bars {
        x: Vec<String>,
        bars: Vec<(String, Vec<f64>)>,
        lines: Vec<(String, Vec<f64>)>,
    },
}

const OWN_COLOUR: &str = "#b4380f";

pub fn build(spec: &ChartSpec) -> Chart {
    match spec {
        ChartSpec::Lines { x, series, y_max } => lines(x, series, *y_max),
        ChartSpec::Quadrant {
            peers,
            own,
            own_name,
            peers_name,
            x_name,
            y_name,
        } => quadrant(peers, *own, own_name, peers_name, x_name, y_name),
        ChartSpec::Boxes {
            categories,
            boxes,
            own,
            own_name,
            peers_name,
        } => box_plot(categories, boxes, own, own_name, peers_name),
        ChartSpec::Bars { x, bars, lines } => bars_and_lines(x, bars, lines),
    }
}

pub fn bars_and_lines(
    x: &[String],
    bars: &[(String, Vec<f64>)],
    lines: &[(String, Vec<f64>)],
) -> Chart {
    let names: Vec<String> = bars.iter().chain(lines).map(|s| s.0.clone()).collect();
    let mut chart = Chart::new()
        .tooltip(Tooltip::new().trigger(Trigger::Axis))
        .legend(Legend::new().bottom("0").data(names))
        .grid(Grid::new().left("12%").right("4%").top("8%").bottom("22%"))
        .x_axis(Axis::new().type_(AxisType::Category).data(x.to_vec()))
        .y_axis(Axis::new().type_(AxisType::Value));
    for (name, values) in bars {
        chart = chart.series(Bar::new().name(name.as_str()).data(values.clone()));
    }
    for (name, values) in lines {
        chart = chart.series(Line::new().name(name.as_str()).data(values.clone()));
    }
    chart
}

pub fn lines(x: &[String], series: &[(String, Vec<Option<f64>>)], y_max: f64) -> Chart {
    let mut chart = Chart::new()
        .tooltip(Tooltip::new().trigger(Trigger::Axis))
        .legend(
            Legend::new()
                .bottom("0")
                .data(series.iter().map(|s| s.0.clone()).collect::<Vec<_>>()),
        )
        .grid(Grid::new().left("8%").right("4%").top("8%").bottom("22%"))
        .x_axis(Axis::new().type_(AxisType::Category).data(x.to_vec()))
        .y_axis(Axis::new().type_(AxisType::Value).min(0).max(y_max));
    for (name, values) in series {
        let data: Vec<DataPoint> = values
            .iter()
            .map(|v| DataPoint::from(v.map(|v| (v * 10.0).round() / 10.0)))
            .collect();
        chart = chart.series(Line::new().name(name.as_str()).data(data));
    }
    chart
}

pub fn quadrant(
    peers: &[(f64, f64)],
    own: Option<(f64, f64)>,
    own_name: &str,
    peers_name: &str,
    x_name: &str,
    y_name: &str,
) -> Chart {
    let peer_points: Vec<DataPoint> = peers
        .iter()
        .map(|(x, y)| DataPoint::from(vec![*x, *y]))
        .collect();
    let mut chart = Chart::new()
        .tooltip(Tooltip::new().trigger(Trigger::Item))
        .legend(Legend::new().bottom("0").data(vec![peers_name, own_name]))
        .grid(Grid::new().left("10%").right("6%").top("6%").bottom("22%"))
        .x_axis(
            Axis::new()
                .type_(AxisType::Value)
                .min(1)
                .max(10)
                .name(x_name)
                .name_location(NameLocation::Middle)
                .name_gap(28),
        )
        .y_axis(
            Axis::new()
                .type_(AxisType::Value)
                .min(1)
                .max(10)
                .name(y_name)
                .name_location(NameLocation::Middle)
                .name_gap(30),
        )
        .series(
            Scatter::new()
                .name(peers_name)
                .symbol_size(9)
                .data(peer_points),
        );
    if let Some((x, y)) = own {
        chart = chart.series(
            Scatter::new()
                .name(own_name)
                .symbol_size(18)
                .item_style(ItemStyle::new().color(OWN_COLOUR))
                .data(vec![DataPoint::from(
                    DataPointItem::new(vec![x, y]).name(own_name),
                )]),
        );
    }
    chart
}

pub fn box_plot(
    categories: &[String],
    boxes: &[[f64; 5]],
    own: &[Option<f64>],
    own_name: &str,
    peers_name: &str,
) -> Chart {
    let data: Vec<DataPoint> = boxes
        .iter()
        .map(|b| {
            DataPoint::from(
                b.iter()
                    .map(|v| (v * 100.0).round() / 100.0)
                    .collect::<Vec<f64>>(),
            )
        })
        .collect();
    let own_points: Vec<DataPoint> = own
        .iter()
        .enumerate()
        .filter_map(|(i, v)| {
            v.map(|v| DataPoint::from(vec![i as f64, (v * 100.0).round() / 100.0]))
        })
        .collect();
    Chart::new()
        .tooltip(Tooltip::new().trigger(Trigger::Item))
        .legend(Legend::new().bottom("0").data(vec![peers_name, own_name]))
        .grid(Grid::new().left("8%").right("4%").top("6%").bottom("22%"))
        .x_axis(
            Axis::new()
                .type_(AxisType::Category)
                .data(categories.to_vec()),
        )
        .y_axis(Axis::new().type_(AxisType::Value).min(1).max(10))
        .series(Boxplot::new().name(peers_name).data(data))
        .series(
            Scatter::new()
                .name(own_name)
                .symbol_size(14)
                .item_style(ItemStyle::new().color(OWN_COLOUR))
                .data(own_points),
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trend_quadrant_and_boxes_serialise_their_data() {
        let j = serde_json::to_value(build(&ChartSpec::Lines {
            x: vec!["2025".into(), "2026".into()],
            series: vec![("Index".into(), vec![None, Some(55.55)])],
            y_max: 100.0,
        }))
        .expect("json");
        assert_eq!(j["xAxis"]["data"][1], "2026");
        assert!(j["series"][0]["data"][0].is_null());
        assert_eq!(j["series"][0]["data"][1], 55.6);
        let j = serde_json::to_value(build(&ChartSpec::Quadrant {
            peers: vec![(4.0, 5.0), (6.0, 7.0)],
            own: Some((5.5, 6.5)),
            own_name: "Us".into(),
            peers_name: "Peers".into(),
            x_name: "DI".into(),
            y_name: "TMI".into(),
        }))
        .expect("json");
        assert_eq!(j["series"][0]["data"][1][1], 7.0);
        assert_eq!(j["series"][1]["data"][0]["name"], "Us");
        let j = serde_json::to_value(build(&ChartSpec::Boxes {
            categories: vec!["S1".into()],
            boxes: vec![[1.0, 2.0, 3.0, 4.0, 5.0]],
            own: vec![Some(3.5)],
            own_name: "Us".into(),
            peers_name: "Peers".into(),
        }))
        .expect("json");
        assert_eq!(j["series"][0]["type"], "boxplot");
        assert_eq!(j["series"][0]["data"][0][4], 5.0);
        assert_eq!(j["series"][1]["data"][0][1], 3.5);
    }

    #[test]
    fn bars_and_lines_serialise_their_data() {
        let j = serde_json::to_value(build(&ChartSpec::Bars {
            x: vec!["2027".into(), "2028".into()],
            bars: vec![("Savings".into(), vec![100.0, 350.0])],
            lines: vec![("Accumulated net".into(), vec![-450.0, -180.0])],
        }))
        .expect("json");
        assert_eq!(j["xAxis"]["data"][1], "2028");
        assert_eq!(j["series"][0]["type"], "bar");
        assert_eq!(j["series"][0]["data"][1], 350.0);
        assert_eq!(j["series"][1]["type"], "line");
        assert_eq!(j["series"][1]["data"][0], -450.0);
    }

    #[test]
    fn spider_has_one_polygon_per_series_and_all_axes() {
        let axes: Vec<String> = (1..=6).map(|i| format!("S{i}")).collect();
        let series = vec![
            Series {
                name: "Now".into(),
                values: vec![4.0, 5.0, 3.5, 6.0, 4.5, 5.5],
            },
            Series {
                name: "Target".into(),
                values: vec![7.0; 6],
            },
            Series {
                name: "Peers".into(),
                values: vec![5.0; 6],
            },
        ];
        let json = serde_json::to_value(spider(&axes, &series)).expect("chart serialises");
        // charming serialises the radar component as an array (ECharts accepts both).
        let indicators = json["radar"][0]["indicator"]
            .as_array()
            .expect("indicator array");
        assert_eq!(indicators.len(), 6);
        assert_eq!(indicators[2]["name"], "S3");
        assert_eq!(indicators[0]["max"], 10.0);
        let data = json["series"][0]["data"].as_array().expect("series data");
        assert_eq!(data.len(), 3);
        assert_eq!(data[1]["name"], "Target");
        assert_eq!(data[0]["value"][3], 6.0);
        assert_eq!(json["legend"]["data"][2]["name"], "Peers");
    }
}
