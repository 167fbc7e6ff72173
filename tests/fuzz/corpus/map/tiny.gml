<?xml version="1.0" encoding="UTF-8"?>
<gml:FeatureCollection xmlns:gml="http://www.opengis.net/gml/3.2" srsName="EPSG:28992">
  <gml:featureMember><buurt><buurtcode>BU01</buurtcode><naam>Een</naam>
    <gml:Polygon><gml:exterior><gml:LinearRing><gml:posList>0 0 10 0 10 10 0 10 0 0</gml:posList></gml:LinearRing></gml:exterior>
    <gml:interior><gml:LinearRing><gml:pos>2 2</gml:pos><gml:pos>4 2</gml:pos><gml:pos>4 4</gml:pos></gml:LinearRing></gml:interior></gml:Polygon>
  </buurt></gml:featureMember>
</gml:FeatureCollection>
