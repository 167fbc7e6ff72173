<?xml version="1.0" encoding="UTF-8"?>
<wfs:FeatureCollection xmlns:wfs="http://www.opengis.net/wfs/2.0"
    xmlns:gml="http://www.opengis.net/gml/3.2" xmlns:cbs="http://example.org/cbs">
  <wfs:member>
    <cbs:buurten gml:id="f1">
      <cbs:buurtcode> BU00800101 </cbs:buurtcode>
      <cbs:buurtnaam>Een</cbs:buurtnaam>
      <cbs:geom>
        <gml:Polygon srsName="urn:ogc:def:crs:EPSG::28992" gml:id="p1">
          <gml:exterior><gml:LinearRing>
            <gml:posList srsDimension="2">0 0 100 0 100 100 0 100 0 0</gml:posList>
          </gml:LinearRing></gml:exterior>
        </gml:Polygon>
      </cbs:geom>
    </cbs:buurten>
  </wfs:member>
  <gml:featureMember>
    <cbs:buurten>
      <cbs:naam>Twee</cbs:naam>
      <cbs:statcode>BU00800102</cbs:statcode>
      <cbs:geom><gml:MultiSurface srsName="EPSG:28992">
        <gml:surfaceMember><gml:Polygon><gml:exterior><gml:LinearRing>
          <gml:pos>200 0</gml:pos><gml:pos>300 0</gml:pos>
          <gml:pos>300 50</gml:pos><gml:pos>200 50</gml:pos>
        </gml:LinearRing></gml:exterior></gml:Polygon></gml:surfaceMember>
        <gml:surfaceMember><gml:Polygon><gml:exterior><gml:LinearRing>
          <gml:posList>400 0 500 0 500 100 400 100 400 0</gml:posList>
        </gml:LinearRing></gml:exterior></gml:Polygon></gml:surfaceMember>
      </gml:MultiSurface></cbs:geom>
    </cbs:buurten>
  </gml:featureMember>
  <wfs:member>
    <cbs:buurten>
      <cbs:id>X3</cbs:id><cbs:name>Drie</cbs:name>
      <cbs:geom><gml:Polygon srsDimension="3">
        <gml:exterior><gml:LinearRing><gml:posList>
          0 200 1  100 200 1  100 300 1  0 300 1
        </gml:posList></gml:LinearRing></gml:exterior>
        <gml:interior><gml:LinearRing><gml:posList>
          25 225 0  75 225 0  75 275 0  25 275 0
        </gml:posList></gml:LinearRing></gml:interior>
      </gml:Polygon></cbs:geom>
    </cbs:buurten>
  </wfs:member>
</wfs:FeatureCollection>
