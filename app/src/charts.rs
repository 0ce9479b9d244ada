//! Chart options built with charming. Compiled for the server (tests, JSON)
//! and for the browser, where ECharts draws them.

use charming::{
    Chart,
    component::{Legend, RadarCoordinate},
    element::{AreaStyle, Tooltip, Trigger},
    series::Radar,
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

#[cfg(test)]
mod tests {
    use super::*;

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
