# Generated from Choreo.g4 by ANTLR 4.13.2
# encoding: utf-8
from antlr4 import *
from io import StringIO
import sys
if sys.version_info[1] > 5:
	from typing import TextIO
else:
	from typing.io import TextIO

def serializedATN():
    return [
        4,1,67,410,2,0,7,0,2,1,7,1,2,2,7,2,2,3,7,3,2,4,7,4,2,5,7,5,2,6,7,
        6,2,7,7,7,2,8,7,8,2,9,7,9,2,10,7,10,2,11,7,11,2,12,7,12,2,13,7,13,
        2,14,7,14,2,15,7,15,2,16,7,16,2,17,7,17,2,18,7,18,2,19,7,19,2,20,
        7,20,1,0,5,0,44,8,0,10,0,12,0,47,9,0,1,0,1,0,1,1,1,1,1,1,1,1,1,1,
        1,1,5,1,57,8,1,10,1,12,1,60,9,1,1,1,1,1,1,1,1,2,1,2,1,2,3,2,68,8,
        2,1,2,1,2,1,2,1,2,5,2,74,8,2,10,2,12,2,77,9,2,3,2,79,8,2,1,2,3,2,
        82,8,2,1,3,1,3,5,3,86,8,3,10,3,12,3,89,9,3,1,3,1,3,1,4,1,4,1,4,1,
        4,1,4,3,4,98,8,4,1,4,1,4,1,4,1,4,1,4,1,4,1,4,1,4,1,4,1,4,1,4,1,4,
        1,4,1,4,1,4,1,4,1,4,1,4,5,4,118,8,4,10,4,12,4,121,9,4,1,4,1,4,1,
        4,1,4,1,4,1,4,1,4,1,4,1,4,1,4,1,4,1,4,1,4,1,4,1,4,4,4,138,8,4,11,
        4,12,4,139,1,4,1,4,1,4,1,4,1,4,1,4,5,4,148,8,4,10,4,12,4,151,9,4,
        3,4,153,8,4,1,4,1,4,1,4,1,4,1,4,1,4,1,4,1,4,1,4,1,4,1,4,3,4,166,
        8,4,1,4,1,4,1,4,3,4,171,8,4,1,5,1,5,1,6,1,6,1,6,1,6,1,6,1,6,3,6,
        181,8,6,3,6,183,8,6,1,7,1,7,1,7,1,7,1,7,5,7,190,8,7,10,7,12,7,193,
        9,7,3,7,195,8,7,1,7,1,7,1,7,1,8,1,8,1,8,5,8,203,8,8,10,8,12,8,206,
        9,8,1,9,1,9,1,9,1,9,1,9,5,9,213,8,9,10,9,12,9,216,9,9,3,9,218,8,
        9,1,9,1,9,1,10,1,10,1,10,3,10,225,8,10,1,10,3,10,228,8,10,1,10,1,
        10,1,10,1,10,1,10,1,10,3,10,236,8,10,1,11,1,11,1,11,1,11,1,12,1,
        12,1,12,1,12,3,12,246,8,12,1,12,1,12,1,12,1,12,1,12,1,12,1,12,1,
        12,1,12,1,12,1,12,1,12,1,12,1,12,1,12,1,12,1,12,1,12,1,12,1,12,5,
        12,268,8,12,10,12,12,12,271,9,12,1,13,1,13,1,13,1,13,1,13,1,13,3,
        13,279,8,13,1,13,1,13,1,13,1,13,3,13,285,8,13,1,13,1,13,1,13,1,13,
        1,13,1,13,4,13,293,8,13,11,13,12,13,294,1,13,1,13,3,13,299,8,13,
        1,13,1,13,1,13,1,13,1,13,1,13,1,13,5,13,308,8,13,10,13,12,13,311,
        9,13,1,13,1,13,1,13,1,13,1,13,1,13,3,13,319,8,13,3,13,321,8,13,1,
        13,1,13,1,13,1,13,1,13,1,13,5,13,329,8,13,10,13,12,13,332,9,13,3,
        13,334,8,13,1,13,1,13,1,13,1,13,1,13,3,13,341,8,13,1,14,1,14,1,14,
        1,14,1,14,5,14,348,8,14,10,14,12,14,351,9,14,3,14,353,8,14,1,14,
        1,14,1,15,1,15,1,15,1,15,1,16,1,16,1,16,1,16,1,16,3,16,366,8,16,
        1,17,1,17,1,17,3,17,371,8,17,1,17,1,17,1,17,1,17,5,17,377,8,17,10,
        17,12,17,380,9,17,3,17,382,8,17,1,18,1,18,1,18,1,18,1,18,1,18,1,
        18,1,18,3,18,392,8,18,1,19,1,19,1,19,1,19,1,19,1,19,3,19,400,8,19,
        1,20,1,20,1,20,5,20,405,8,20,10,20,12,20,408,9,20,1,20,0,1,24,21,
        0,2,4,6,8,10,12,14,16,18,20,22,24,26,28,30,32,34,36,38,40,0,7,3,
        0,38,38,59,59,62,62,3,0,13,14,50,50,54,54,3,0,15,16,45,47,51,51,
        4,0,13,14,48,49,52,53,55,56,1,0,17,18,1,0,19,26,1,0,33,34,464,0,
        45,1,0,0,0,2,50,1,0,0,0,4,64,1,0,0,0,6,83,1,0,0,0,8,170,1,0,0,0,
        10,172,1,0,0,0,12,174,1,0,0,0,14,184,1,0,0,0,16,199,1,0,0,0,18,207,
        1,0,0,0,20,235,1,0,0,0,22,237,1,0,0,0,24,245,1,0,0,0,26,340,1,0,
        0,0,28,342,1,0,0,0,30,356,1,0,0,0,32,365,1,0,0,0,34,367,1,0,0,0,
        36,391,1,0,0,0,38,399,1,0,0,0,40,401,1,0,0,0,42,44,3,2,1,0,43,42,
        1,0,0,0,44,47,1,0,0,0,45,43,1,0,0,0,45,46,1,0,0,0,46,48,1,0,0,0,
        47,45,1,0,0,0,48,49,5,0,0,1,49,1,1,0,0,0,50,51,5,36,0,0,51,52,5,
        59,0,0,52,53,5,1,0,0,53,58,3,4,2,0,54,55,5,2,0,0,55,57,3,4,2,0,56,
        54,1,0,0,0,57,60,1,0,0,0,58,56,1,0,0,0,58,59,1,0,0,0,59,61,1,0,0,
        0,60,58,1,0,0,0,61,62,5,3,0,0,62,63,3,6,3,0,63,3,1,0,0,0,64,67,5,
        60,0,0,65,66,5,4,0,0,66,68,5,5,0,0,67,65,1,0,0,0,67,68,1,0,0,0,68,
        81,1,0,0,0,69,78,5,1,0,0,70,75,5,60,0,0,71,72,5,2,0,0,72,74,5,60,
        0,0,73,71,1,0,0,0,74,77,1,0,0,0,75,73,1,0,0,0,75,76,1,0,0,0,76,79,
        1,0,0,0,77,75,1,0,0,0,78,70,1,0,0,0,78,79,1,0,0,0,79,80,1,0,0,0,
        80,82,5,3,0,0,81,69,1,0,0,0,81,82,1,0,0,0,82,5,1,0,0,0,83,87,5,6,
        0,0,84,86,3,8,4,0,85,84,1,0,0,0,86,89,1,0,0,0,87,85,1,0,0,0,87,88,
        1,0,0,0,88,90,1,0,0,0,89,87,1,0,0,0,90,91,5,7,0,0,91,7,1,0,0,0,92,
        93,3,22,11,0,93,94,5,8,0,0,94,97,3,22,11,0,95,96,5,44,0,0,96,98,
        5,62,0,0,97,95,1,0,0,0,97,98,1,0,0,0,98,99,1,0,0,0,99,100,5,9,0,
        0,100,171,1,0,0,0,101,102,5,60,0,0,102,103,5,4,0,0,103,104,3,10,
        5,0,104,105,5,5,0,0,105,106,5,8,0,0,106,107,5,60,0,0,107,108,5,9,
        0,0,108,171,1,0,0,0,109,110,3,22,11,0,110,111,5,10,0,0,111,112,3,
        24,12,0,112,113,5,9,0,0,113,171,1,0,0,0,114,119,3,22,11,0,115,116,
        5,2,0,0,116,118,3,22,11,0,117,115,1,0,0,0,118,121,1,0,0,0,119,117,
        1,0,0,0,119,120,1,0,0,0,120,122,1,0,0,0,121,119,1,0,0,0,122,123,
        5,10,0,0,123,124,3,18,9,0,124,125,5,9,0,0,125,171,1,0,0,0,126,127,
        3,18,9,0,127,128,5,9,0,0,128,171,1,0,0,0,129,130,3,22,11,0,130,131,
        5,9,0,0,131,171,1,0,0,0,132,171,3,12,6,0,133,134,5,39,0,0,134,135,
        3,22,11,0,135,137,5,6,0,0,136,138,3,14,7,0,137,136,1,0,0,0,138,139,
        1,0,0,0,139,137,1,0,0,0,139,140,1,0,0,0,140,141,1,0,0,0,141,142,
        5,7,0,0,142,171,1,0,0,0,143,152,5,41,0,0,144,149,3,22,11,0,145,146,
        5,2,0,0,146,148,3,22,11,0,147,145,1,0,0,0,148,151,1,0,0,0,149,147,
        1,0,0,0,149,150,1,0,0,0,150,153,1,0,0,0,151,149,1,0,0,0,152,144,
        1,0,0,0,152,153,1,0,0,0,153,154,1,0,0,0,154,171,5,9,0,0,155,156,
        5,42,0,0,156,157,3,6,3,0,157,158,5,43,0,0,158,159,3,6,3,0,159,171,
        1,0,0,0,160,161,5,59,0,0,161,165,5,60,0,0,162,163,5,4,0,0,163,164,
        5,60,0,0,164,166,5,5,0,0,165,162,1,0,0,0,165,166,1,0,0,0,166,167,
        1,0,0,0,167,168,5,59,0,0,168,169,5,60,0,0,169,171,3,6,3,0,170,92,
        1,0,0,0,170,101,1,0,0,0,170,109,1,0,0,0,170,114,1,0,0,0,170,126,
        1,0,0,0,170,129,1,0,0,0,170,132,1,0,0,0,170,133,1,0,0,0,170,143,
        1,0,0,0,170,155,1,0,0,0,170,160,1,0,0,0,171,9,1,0,0,0,172,173,7,
        0,0,0,173,11,1,0,0,0,174,175,5,37,0,0,175,176,3,22,11,0,176,182,
        3,6,3,0,177,180,5,38,0,0,178,181,3,6,3,0,179,181,3,12,6,0,180,178,
        1,0,0,0,180,179,1,0,0,0,181,183,1,0,0,0,182,177,1,0,0,0,182,183,
        1,0,0,0,183,13,1,0,0,0,184,194,3,24,12,0,185,186,5,40,0,0,186,191,
        3,16,8,0,187,188,5,9,0,0,188,190,3,16,8,0,189,187,1,0,0,0,190,193,
        1,0,0,0,191,189,1,0,0,0,191,192,1,0,0,0,192,195,1,0,0,0,193,191,
        1,0,0,0,194,185,1,0,0,0,194,195,1,0,0,0,195,196,1,0,0,0,196,197,
        5,11,0,0,197,198,3,6,3,0,198,15,1,0,0,0,199,204,3,24,12,0,200,201,
        5,2,0,0,201,203,3,24,12,0,202,200,1,0,0,0,203,206,1,0,0,0,204,202,
        1,0,0,0,204,205,1,0,0,0,205,17,1,0,0,0,206,204,1,0,0,0,207,208,5,
        59,0,0,208,217,5,1,0,0,209,214,3,20,10,0,210,211,5,2,0,0,211,213,
        3,20,10,0,212,210,1,0,0,0,213,216,1,0,0,0,214,212,1,0,0,0,214,215,
        1,0,0,0,215,218,1,0,0,0,216,214,1,0,0,0,217,209,1,0,0,0,217,218,
        1,0,0,0,218,219,1,0,0,0,219,220,5,3,0,0,220,19,1,0,0,0,221,227,5,
        60,0,0,222,224,5,1,0,0,223,225,3,40,20,0,224,223,1,0,0,0,224,225,
        1,0,0,0,225,226,1,0,0,0,226,228,5,3,0,0,227,222,1,0,0,0,227,228,
        1,0,0,0,228,236,1,0,0,0,229,230,5,59,0,0,230,231,5,60,0,0,231,232,
        5,4,0,0,232,233,3,22,11,0,233,234,5,5,0,0,234,236,1,0,0,0,235,221,
        1,0,0,0,235,229,1,0,0,0,236,21,1,0,0,0,237,238,5,60,0,0,238,239,
        5,12,0,0,239,240,3,26,13,0,240,23,1,0,0,0,241,242,6,12,-1,0,242,
        243,7,1,0,0,243,246,3,24,12,8,244,246,3,26,13,0,245,241,1,0,0,0,
        245,244,1,0,0,0,246,269,1,0,0,0,247,248,10,7,0,0,248,249,7,2,0,0,
        249,268,3,24,12,8,250,251,10,6,0,0,251,252,7,3,0,0,252,268,3,24,
        12,7,253,254,10,5,0,0,254,255,7,4,0,0,255,268,3,24,12,5,256,257,
        10,4,0,0,257,258,7,5,0,0,258,268,3,24,12,5,259,260,10,3,0,0,260,
        261,5,57,0,0,261,268,3,24,12,4,262,263,10,2,0,0,263,264,5,58,0,0,
        264,268,3,24,12,3,265,266,10,9,0,0,266,268,3,28,14,0,267,247,1,0,
        0,0,267,250,1,0,0,0,267,253,1,0,0,0,267,256,1,0,0,0,267,259,1,0,
        0,0,267,262,1,0,0,0,267,265,1,0,0,0,268,271,1,0,0,0,269,267,1,0,
        0,0,269,270,1,0,0,0,270,25,1,0,0,0,271,269,1,0,0,0,272,341,5,60,
        0,0,273,274,5,59,0,0,274,275,5,27,0,0,275,276,5,59,0,0,276,278,5,
        1,0,0,277,279,3,40,20,0,278,277,1,0,0,0,278,279,1,0,0,0,279,280,
        1,0,0,0,280,341,5,3,0,0,281,282,5,59,0,0,282,284,5,1,0,0,283,285,
        3,40,20,0,284,283,1,0,0,0,284,285,1,0,0,0,285,286,1,0,0,0,286,341,
        5,3,0,0,287,341,5,59,0,0,288,341,5,62,0,0,289,341,5,61,0,0,290,341,
        5,63,0,0,291,293,5,64,0,0,292,291,1,0,0,0,293,294,1,0,0,0,294,292,
        1,0,0,0,294,295,1,0,0,0,295,341,1,0,0,0,296,298,5,6,0,0,297,299,
        3,40,20,0,298,297,1,0,0,0,298,299,1,0,0,0,299,300,1,0,0,0,300,341,
        5,7,0,0,301,302,5,4,0,0,302,303,3,24,12,0,303,304,5,28,0,0,304,309,
        3,32,16,0,305,306,5,2,0,0,306,308,3,32,16,0,307,305,1,0,0,0,308,
        311,1,0,0,0,309,307,1,0,0,0,309,310,1,0,0,0,310,312,1,0,0,0,311,
        309,1,0,0,0,312,313,5,5,0,0,313,341,1,0,0,0,314,320,5,4,0,0,315,
        318,3,40,20,0,316,317,5,29,0,0,317,319,3,24,12,0,318,316,1,0,0,0,
        318,319,1,0,0,0,319,321,1,0,0,0,320,315,1,0,0,0,320,321,1,0,0,0,
        321,322,1,0,0,0,322,341,5,5,0,0,323,341,3,28,14,0,324,333,5,30,0,
        0,325,330,3,34,17,0,326,327,5,2,0,0,327,329,3,34,17,0,328,326,1,
        0,0,0,329,332,1,0,0,0,330,328,1,0,0,0,330,331,1,0,0,0,331,334,1,
        0,0,0,332,330,1,0,0,0,333,325,1,0,0,0,333,334,1,0,0,0,334,335,1,
        0,0,0,335,341,5,31,0,0,336,337,5,1,0,0,337,338,3,24,12,0,338,339,
        5,3,0,0,339,341,1,0,0,0,340,272,1,0,0,0,340,273,1,0,0,0,340,281,
        1,0,0,0,340,287,1,0,0,0,340,288,1,0,0,0,340,289,1,0,0,0,340,290,
        1,0,0,0,340,292,1,0,0,0,340,296,1,0,0,0,340,301,1,0,0,0,340,314,
        1,0,0,0,340,323,1,0,0,0,340,324,1,0,0,0,340,336,1,0,0,0,341,27,1,
        0,0,0,342,343,5,32,0,0,343,352,5,6,0,0,344,349,3,30,15,0,345,346,
        5,2,0,0,346,348,3,30,15,0,347,345,1,0,0,0,348,351,1,0,0,0,349,347,
        1,0,0,0,349,350,1,0,0,0,350,353,1,0,0,0,351,349,1,0,0,0,352,344,
        1,0,0,0,352,353,1,0,0,0,353,354,1,0,0,0,354,355,5,7,0,0,355,29,1,
        0,0,0,356,357,3,24,12,0,357,358,7,6,0,0,358,359,3,24,12,0,359,31,
        1,0,0,0,360,361,3,24,12,0,361,362,5,35,0,0,362,363,3,24,12,0,363,
        366,1,0,0,0,364,366,3,24,12,0,365,360,1,0,0,0,365,364,1,0,0,0,366,
        33,1,0,0,0,367,370,3,36,18,0,368,369,5,27,0,0,369,371,3,38,19,0,
        370,368,1,0,0,0,370,371,1,0,0,0,371,381,1,0,0,0,372,373,5,16,0,0,
        373,378,5,59,0,0,374,375,5,14,0,0,375,377,5,59,0,0,376,374,1,0,0,
        0,377,380,1,0,0,0,378,376,1,0,0,0,378,379,1,0,0,0,379,382,1,0,0,
        0,380,378,1,0,0,0,381,372,1,0,0,0,381,382,1,0,0,0,382,35,1,0,0,0,
        383,392,5,62,0,0,384,392,5,64,0,0,385,392,5,60,0,0,386,392,5,63,
        0,0,387,388,5,1,0,0,388,389,3,24,12,0,389,390,5,3,0,0,390,392,1,
        0,0,0,391,383,1,0,0,0,391,384,1,0,0,0,391,385,1,0,0,0,391,386,1,
        0,0,0,391,387,1,0,0,0,392,37,1,0,0,0,393,400,5,62,0,0,394,400,5,
        60,0,0,395,396,5,1,0,0,396,397,3,24,12,0,397,398,5,3,0,0,398,400,
        1,0,0,0,399,393,1,0,0,0,399,394,1,0,0,0,399,395,1,0,0,0,400,39,1,
        0,0,0,401,406,3,24,12,0,402,403,5,2,0,0,403,405,3,24,12,0,404,402,
        1,0,0,0,405,408,1,0,0,0,406,404,1,0,0,0,406,407,1,0,0,0,407,41,1,
        0,0,0,408,406,1,0,0,0,46,45,58,67,75,78,81,87,97,119,139,149,152,
        165,170,180,182,191,194,204,214,217,224,227,235,245,267,269,278,
        284,294,298,309,318,320,330,333,340,349,352,365,370,378,381,391,
        399,406
    ]

class ChoreoParser ( Parser ):

    grammarFileName = "Choreo.g4"

    atn = ATNDeserializer().deserialize(serializedATN())

    decisionsToDFA = [ DFA(ds, i) for i, ds in enumerate(atn.decisionToState) ]

    sharedContextCache = PredictionContextCache()

    literalNames = [ "<INVALID>", "'('", "','", "')'", "'['", "']'", "'{'", 
                     "'}'", "'~>'", "';'", "'='", "'->'", "'.'", "'+'", 
                     "'-'", "'*'", "'/'", "'++'", "'--'", "'=='", "'/='", 
                     "'=<'", "'<'", "'>='", "'>'", "'=:='", "'=/='", "':'", 
                     "'||'", "'|'", "'<<'", "'>>'", "'#'", "'=>'", "':='", 
                     "'<-'", "'choreography'", "'if'", "'else'", "'case'", 
                     "'when'", "'return'", "'checkpoint'", "'rescue'", "'within'", 
                     "'div'", "'rem'", "'and'", "'or'", "'xor'", "'not'", 
                     "'band'", "'bor'", "'bxor'", "'bnot'", "'bsl'", "'bsr'", 
                     "'andalso'", "'orelse'" ]

    symbolicNames = [ "<INVALID>", "<INVALID>", "<INVALID>", "<INVALID>", 
                      "<INVALID>", "<INVALID>", "<INVALID>", "<INVALID>", 
                      "<INVALID>", "<INVALID>", "<INVALID>", "<INVALID>", 
                      "<INVALID>", "<INVALID>", "<INVALID>", "<INVALID>", 
                      "<INVALID>", "<INVALID>", "<INVALID>", "<INVALID>", 
                      "<INVALID>", "<INVALID>", "<INVALID>", "<INVALID>", 
                      "<INVALID>", "<INVALID>", "<INVALID>", "<INVALID>", 
                      "<INVALID>", "<INVALID>", "<INVALID>", "<INVALID>", 
                      "<INVALID>", "<INVALID>", "<INVALID>", "<INVALID>", 
                      "CHOREOGRAPHY", "IF", "ELSE", "CASE", "WHEN", "RETURN", 
                      "CHECKPOINT", "RESCUE", "WITHIN", "DIV", "REM", "AND", 
                      "OR", "XOR", "NOT", "BAND", "BOR", "BXOR", "BNOT", 
                      "BSL", "BSR", "ANDALSO", "ORELSE", "ATOM", "VAR", 
                      "FLOAT", "INT", "CHAR", "STRING", "COMMENT", "WS", 
                      "ERROR_CHAR" ]

    RULE_program = 0
    RULE_choreography = 1
    RULE_roleDecl = 2
    RULE_block = 3
    RULE_statement = 4
    RULE_selectLabel = 5
    RULE_ifStmt = 6
    RULE_caseClause = 7
    RULE_guard = 8
    RULE_chorCall = 9
    RULE_callArg = 10
    RULE_located = 11
    RULE_expr = 12
    RULE_primary = 13
    RULE_mapLiteral = 14
    RULE_mapField = 15
    RULE_qualifier = 16
    RULE_binElem = 17
    RULE_binValue = 18
    RULE_binSize = 19
    RULE_exprList = 20

    ruleNames =  [ "program", "choreography", "roleDecl", "block", "statement", 
                   "selectLabel", "ifStmt", "caseClause", "guard", "chorCall", 
                   "callArg", "located", "expr", "primary", "mapLiteral", 
                   "mapField", "qualifier", "binElem", "binValue", "binSize", 
                   "exprList" ]

    EOF = Token.EOF
    T__0=1
    T__1=2
    T__2=3
    T__3=4
    T__4=5
    T__5=6
    T__6=7
    T__7=8
    T__8=9
    T__9=10
    T__10=11
    T__11=12
    T__12=13
    T__13=14
    T__14=15
    T__15=16
    T__16=17
    T__17=18
    T__18=19
    T__19=20
    T__20=21
    T__21=22
    T__22=23
    T__23=24
    T__24=25
    T__25=26
    T__26=27
    T__27=28
    T__28=29
    T__29=30
    T__30=31
    T__31=32
    T__32=33
    T__33=34
    T__34=35
    CHOREOGRAPHY=36
    IF=37
    ELSE=38
    CASE=39
    WHEN=40
    RETURN=41
    CHECKPOINT=42
    RESCUE=43
    WITHIN=44
    DIV=45
    REM=46
    AND=47
    OR=48
    XOR=49
    NOT=50
    BAND=51
    BOR=52
    BXOR=53
    BNOT=54
    BSL=55
    BSR=56
    ANDALSO=57
    ORELSE=58
    ATOM=59
    VAR=60
    FLOAT=61
    INT=62
    CHAR=63
    STRING=64
    COMMENT=65
    WS=66
    ERROR_CHAR=67

    def __init__(self, input:TokenStream, output:TextIO = sys.stdout):
        super().__init__(input, output)
        self.checkVersion("4.13.2")
        self._interp = ParserATNSimulator(self, self.atn, self.decisionsToDFA, self.sharedContextCache)
        self._predicates = None




    class ProgramContext(ParserRuleContext):
        __slots__ = 'parser'

        def __init__(self, parser, parent:ParserRuleContext=None, invokingState:int=-1):
            super().__init__(parent, invokingState)
            self.parser = parser

        def EOF(self):
            return self.getToken(ChoreoParser.EOF, 0)

        def choreography(self, i:int=None):
            if i is None:
                return self.getTypedRuleContexts(ChoreoParser.ChoreographyContext)
            else:
                return self.getTypedRuleContext(ChoreoParser.ChoreographyContext,i)


        def getRuleIndex(self):
            return ChoreoParser.RULE_program

        def accept(self, visitor:ParseTreeVisitor):
            if hasattr( visitor, "visitProgram" ):
                return visitor.visitProgram(self)
            else:
                return visitor.visitChildren(self)




    def program(self):

        localctx = ChoreoParser.ProgramContext(self, self._ctx, self.state)
        self.enterRule(localctx, 0, self.RULE_program)
        self._la = 0 # Token type
        try:
            self.enterOuterAlt(localctx, 1)
            self.state = 45
            self._errHandler.sync(self)
            _la = self._input.LA(1)
            while _la==36:
                self.state = 42
                self.choreography()
                self.state = 47
                self._errHandler.sync(self)
                _la = self._input.LA(1)

            self.state = 48
            self.match(ChoreoParser.EOF)
        except RecognitionException as re:
            localctx.exception = re
            self._errHandler.reportError(self, re)
            self._errHandler.recover(self, re)
        finally:
            self.exitRule()
        return localctx


    class ChoreographyContext(ParserRuleContext):
        __slots__ = 'parser'

        def __init__(self, parser, parent:ParserRuleContext=None, invokingState:int=-1):
            super().__init__(parent, invokingState)
            self.parser = parser

        def CHOREOGRAPHY(self):
            return self.getToken(ChoreoParser.CHOREOGRAPHY, 0)

        def ATOM(self):
            return self.getToken(ChoreoParser.ATOM, 0)

        def roleDecl(self, i:int=None):
            if i is None:
                return self.getTypedRuleContexts(ChoreoParser.RoleDeclContext)
            else:
                return self.getTypedRuleContext(ChoreoParser.RoleDeclContext,i)


        def block(self):
            return self.getTypedRuleContext(ChoreoParser.BlockContext,0)


        def getRuleIndex(self):
            return ChoreoParser.RULE_choreography

        def accept(self, visitor:ParseTreeVisitor):
            if hasattr( visitor, "visitChoreography" ):
                return visitor.visitChoreography(self)
            else:
                return visitor.visitChildren(self)




    def choreography(self):

        localctx = ChoreoParser.ChoreographyContext(self, self._ctx, self.state)
        self.enterRule(localctx, 2, self.RULE_choreography)
        self._la = 0 # Token type
        try:
            self.enterOuterAlt(localctx, 1)
            self.state = 50
            self.match(ChoreoParser.CHOREOGRAPHY)
            self.state = 51
            self.match(ChoreoParser.ATOM)
            self.state = 52
            self.match(ChoreoParser.T__0)
            self.state = 53
            self.roleDecl()
            self.state = 58
            self._errHandler.sync(self)
            _la = self._input.LA(1)
            while _la==2:
                self.state = 54
                self.match(ChoreoParser.T__1)
                self.state = 55
                self.roleDecl()
                self.state = 60
                self._errHandler.sync(self)
                _la = self._input.LA(1)

            self.state = 61
            self.match(ChoreoParser.T__2)
            self.state = 62
            self.block()
        except RecognitionException as re:
            localctx.exception = re
            self._errHandler.reportError(self, re)
            self._errHandler.recover(self, re)
        finally:
            self.exitRule()
        return localctx


    class RoleDeclContext(ParserRuleContext):
        __slots__ = 'parser'

        def __init__(self, parser, parent:ParserRuleContext=None, invokingState:int=-1):
            super().__init__(parent, invokingState)
            self.parser = parser

        def VAR(self, i:int=None):
            if i is None:
                return self.getTokens(ChoreoParser.VAR)
            else:
                return self.getToken(ChoreoParser.VAR, i)

        def getRuleIndex(self):
            return ChoreoParser.RULE_roleDecl

        def accept(self, visitor:ParseTreeVisitor):
            if hasattr( visitor, "visitRoleDecl" ):
                return visitor.visitRoleDecl(self)
            else:
                return visitor.visitChildren(self)




    def roleDecl(self):

        localctx = ChoreoParser.RoleDeclContext(self, self._ctx, self.state)
        self.enterRule(localctx, 4, self.RULE_roleDecl)
        self._la = 0 # Token type
        try:
            self.enterOuterAlt(localctx, 1)
            self.state = 64
            self.match(ChoreoParser.VAR)
            self.state = 67
            self._errHandler.sync(self)
            _la = self._input.LA(1)
            if _la==4:
                self.state = 65
                self.match(ChoreoParser.T__3)
                self.state = 66
                self.match(ChoreoParser.T__4)


            self.state = 81
            self._errHandler.sync(self)
            _la = self._input.LA(1)
            if _la==1:
                self.state = 69
                self.match(ChoreoParser.T__0)
                self.state = 78
                self._errHandler.sync(self)
                _la = self._input.LA(1)
                if _la==60:
                    self.state = 70
                    self.match(ChoreoParser.VAR)
                    self.state = 75
                    self._errHandler.sync(self)
                    _la = self._input.LA(1)
                    while _la==2:
                        self.state = 71
                        self.match(ChoreoParser.T__1)
                        self.state = 72
                        self.match(ChoreoParser.VAR)
                        self.state = 77
                        self._errHandler.sync(self)
                        _la = self._input.LA(1)



                self.state = 80
                self.match(ChoreoParser.T__2)


        except RecognitionException as re:
            localctx.exception = re
            self._errHandler.reportError(self, re)
            self._errHandler.recover(self, re)
        finally:
            self.exitRule()
        return localctx


    class BlockContext(ParserRuleContext):
        __slots__ = 'parser'

        def __init__(self, parser, parent:ParserRuleContext=None, invokingState:int=-1):
            super().__init__(parent, invokingState)
            self.parser = parser

        def statement(self, i:int=None):
            if i is None:
                return self.getTypedRuleContexts(ChoreoParser.StatementContext)
            else:
                return self.getTypedRuleContext(ChoreoParser.StatementContext,i)


        def getRuleIndex(self):
            return ChoreoParser.RULE_block

        def accept(self, visitor:ParseTreeVisitor):
            if hasattr( visitor, "visitBlock" ):
                return visitor.visitBlock(self)
            else:
                return visitor.visitChildren(self)




    def block(self):

        localctx = ChoreoParser.BlockContext(self, self._ctx, self.state)
        self.enterRule(localctx, 6, self.RULE_block)
        self._la = 0 # Token type
        try:
            self.enterOuterAlt(localctx, 1)
            self.state = 83
            self.match(ChoreoParser.T__5)
            self.state = 87
            self._errHandler.sync(self)
            _la = self._input.LA(1)
            while (((_la) & ~0x3f) == 0 and ((1 << _la) & 1729389541174804480) != 0):
                self.state = 84
                self.statement()
                self.state = 89
                self._errHandler.sync(self)
                _la = self._input.LA(1)

            self.state = 90
            self.match(ChoreoParser.T__6)
        except RecognitionException as re:
            localctx.exception = re
            self._errHandler.reportError(self, re)
            self._errHandler.recover(self, re)
        finally:
            self.exitRule()
        return localctx


    class StatementContext(ParserRuleContext):
        __slots__ = 'parser'

        def __init__(self, parser, parent:ParserRuleContext=None, invokingState:int=-1):
            super().__init__(parent, invokingState)
            self.parser = parser


        def getRuleIndex(self):
            return ChoreoParser.RULE_statement

     
        def copyFrom(self, ctx:ParserRuleContext):
            super().copyFrom(ctx)



    class CallResultStmtContext(StatementContext):

        def __init__(self, parser, ctx:ParserRuleContext): # actually a ChoreoParser.StatementContext
            super().__init__(parser)
            self.copyFrom(ctx)

        def located(self, i:int=None):
            if i is None:
                return self.getTypedRuleContexts(ChoreoParser.LocatedContext)
            else:
                return self.getTypedRuleContext(ChoreoParser.LocatedContext,i)

        def chorCall(self):
            return self.getTypedRuleContext(ChoreoParser.ChorCallContext,0)


        def accept(self, visitor:ParseTreeVisitor):
            if hasattr( visitor, "visitCallResultStmt" ):
                return visitor.visitCallResultStmt(self)
            else:
                return visitor.visitChildren(self)


    class ForStmtContext(StatementContext):

        def __init__(self, parser, ctx:ParserRuleContext): # actually a ChoreoParser.StatementContext
            super().__init__(parser)
            self.copyFrom(ctx)

        def ATOM(self, i:int=None):
            if i is None:
                return self.getTokens(ChoreoParser.ATOM)
            else:
                return self.getToken(ChoreoParser.ATOM, i)
        def VAR(self, i:int=None):
            if i is None:
                return self.getTokens(ChoreoParser.VAR)
            else:
                return self.getToken(ChoreoParser.VAR, i)
        def block(self):
            return self.getTypedRuleContext(ChoreoParser.BlockContext,0)


        def accept(self, visitor:ParseTreeVisitor):
            if hasattr( visitor, "visitForStmt" ):
                return visitor.visitForStmt(self)
            else:
                return visitor.visitChildren(self)


    class CallStmtContext(StatementContext):

        def __init__(self, parser, ctx:ParserRuleContext): # actually a ChoreoParser.StatementContext
            super().__init__(parser)
            self.copyFrom(ctx)

        def chorCall(self):
            return self.getTypedRuleContext(ChoreoParser.ChorCallContext,0)


        def accept(self, visitor:ParseTreeVisitor):
            if hasattr( visitor, "visitCallStmt" ):
                return visitor.visitCallStmt(self)
            else:
                return visitor.visitChildren(self)


    class AssignStmtContext(StatementContext):

        def __init__(self, parser, ctx:ParserRuleContext): # actually a ChoreoParser.StatementContext
            super().__init__(parser)
            self.copyFrom(ctx)

        def located(self):
            return self.getTypedRuleContext(ChoreoParser.LocatedContext,0)

        def expr(self):
            return self.getTypedRuleContext(ChoreoParser.ExprContext,0)


        def accept(self, visitor:ParseTreeVisitor):
            if hasattr( visitor, "visitAssignStmt" ):
                return visitor.visitAssignStmt(self)
            else:
                return visitor.visitChildren(self)


    class CheckpointStmtContext(StatementContext):

        def __init__(self, parser, ctx:ParserRuleContext): # actually a ChoreoParser.StatementContext
            super().__init__(parser)
            self.copyFrom(ctx)

        def CHECKPOINT(self):
            return self.getToken(ChoreoParser.CHECKPOINT, 0)
        def block(self, i:int=None):
            if i is None:
                return self.getTypedRuleContexts(ChoreoParser.BlockContext)
            else:
                return self.getTypedRuleContext(ChoreoParser.BlockContext,i)

        def RESCUE(self):
            return self.getToken(ChoreoParser.RESCUE, 0)

        def accept(self, visitor:ParseTreeVisitor):
            if hasattr( visitor, "visitCheckpointStmt" ):
                return visitor.visitCheckpointStmt(self)
            else:
                return visitor.visitChildren(self)


    class CommStmtContext(StatementContext):

        def __init__(self, parser, ctx:ParserRuleContext): # actually a ChoreoParser.StatementContext
            super().__init__(parser)
            self.copyFrom(ctx)

        def located(self, i:int=None):
            if i is None:
                return self.getTypedRuleContexts(ChoreoParser.LocatedContext)
            else:
                return self.getTypedRuleContext(ChoreoParser.LocatedContext,i)

        def WITHIN(self):
            return self.getToken(ChoreoParser.WITHIN, 0)
        def INT(self):
            return self.getToken(ChoreoParser.INT, 0)

        def accept(self, visitor:ParseTreeVisitor):
            if hasattr( visitor, "visitCommStmt" ):
                return visitor.visitCommStmt(self)
            else:
                return visitor.visitChildren(self)


    class IfStatementContext(StatementContext):

        def __init__(self, parser, ctx:ParserRuleContext): # actually a ChoreoParser.StatementContext
            super().__init__(parser)
            self.copyFrom(ctx)

        def ifStmt(self):
            return self.getTypedRuleContext(ChoreoParser.IfStmtContext,0)


        def accept(self, visitor:ParseTreeVisitor):
            if hasattr( visitor, "visitIfStatement" ):
                return visitor.visitIfStatement(self)
            else:
                return visitor.visitChildren(self)


    class ReturnStmtContext(StatementContext):

        def __init__(self, parser, ctx:ParserRuleContext): # actually a ChoreoParser.StatementContext
            super().__init__(parser)
            self.copyFrom(ctx)

        def RETURN(self):
            return self.getToken(ChoreoParser.RETURN, 0)
        def located(self, i:int=None):
            if i is None:
                return self.getTypedRuleContexts(ChoreoParser.LocatedContext)
            else:
                return self.getTypedRuleContext(ChoreoParser.LocatedContext,i)


        def accept(self, visitor:ParseTreeVisitor):
            if hasattr( visitor, "visitReturnStmt" ):
                return visitor.visitReturnStmt(self)
            else:
                return visitor.visitChildren(self)


    class CaseStmtContext(StatementContext):

        def __init__(self, parser, ctx:ParserRuleContext): # actually a ChoreoParser.StatementContext
            super().__init__(parser)
            self.copyFrom(ctx)

        def CASE(self):
            return self.getToken(ChoreoParser.CASE, 0)
        def located(self):
            return self.getTypedRuleContext(ChoreoParser.LocatedContext,0)

        def caseClause(self, i:int=None):
            if i is None:
                return self.getTypedRuleContexts(ChoreoParser.CaseClauseContext)
            else:
                return self.getTypedRuleContext(ChoreoParser.CaseClauseContext,i)


        def accept(self, visitor:ParseTreeVisitor):
            if hasattr( visitor, "visitCaseStmt" ):
                return visitor.visitCaseStmt(self)
            else:
                return visitor.visitChildren(self)


    class ActionStmtContext(StatementContext):

        def __init__(self, parser, ctx:ParserRuleContext): # actually a ChoreoParser.StatementContext
            super().__init__(parser)
            self.copyFrom(ctx)

        def located(self):
            return self.getTypedRuleContext(ChoreoParser.LocatedContext,0)


        def accept(self, visitor:ParseTreeVisitor):
            if hasattr( visitor, "visitActionStmt" ):
                return visitor.visitActionStmt(self)
            else:
                return visitor.visitChildren(self)


    class SelectStmtContext(StatementContext):

        def __init__(self, parser, ctx:ParserRuleContext): # actually a ChoreoParser.StatementContext
            super().__init__(parser)
            self.copyFrom(ctx)

        def VAR(self, i:int=None):
            if i is None:
                return self.getTokens(ChoreoParser.VAR)
            else:
                return self.getToken(ChoreoParser.VAR, i)
        def selectLabel(self):
            return self.getTypedRuleContext(ChoreoParser.SelectLabelContext,0)


        def accept(self, visitor:ParseTreeVisitor):
            if hasattr( visitor, "visitSelectStmt" ):
                return visitor.visitSelectStmt(self)
            else:
                return visitor.visitChildren(self)



    def statement(self):

        localctx = ChoreoParser.StatementContext(self, self._ctx, self.state)
        self.enterRule(localctx, 8, self.RULE_statement)
        self._la = 0 # Token type
        try:
            self.state = 170
            self._errHandler.sync(self)
            la_ = self._interp.adaptivePredict(self._input,13,self._ctx)
            if la_ == 1:
                localctx = ChoreoParser.CommStmtContext(self, localctx)
                self.enterOuterAlt(localctx, 1)
                self.state = 92
                self.located()
                self.state = 93
                self.match(ChoreoParser.T__7)
                self.state = 94
                self.located()
                self.state = 97
                self._errHandler.sync(self)
                _la = self._input.LA(1)
                if _la==44:
                    self.state = 95
                    self.match(ChoreoParser.WITHIN)
                    self.state = 96
                    self.match(ChoreoParser.INT)


                self.state = 99
                self.match(ChoreoParser.T__8)
                pass

            elif la_ == 2:
                localctx = ChoreoParser.SelectStmtContext(self, localctx)
                self.enterOuterAlt(localctx, 2)
                self.state = 101
                self.match(ChoreoParser.VAR)
                self.state = 102
                self.match(ChoreoParser.T__3)
                self.state = 103
                self.selectLabel()
                self.state = 104
                self.match(ChoreoParser.T__4)
                self.state = 105
                self.match(ChoreoParser.T__7)
                self.state = 106
                self.match(ChoreoParser.VAR)
                self.state = 107
                self.match(ChoreoParser.T__8)
                pass

            elif la_ == 3:
                localctx = ChoreoParser.AssignStmtContext(self, localctx)
                self.enterOuterAlt(localctx, 3)
                self.state = 109
                self.located()
                self.state = 110
                self.match(ChoreoParser.T__9)
                self.state = 111
                self.expr(0)
                self.state = 112
                self.match(ChoreoParser.T__8)
                pass

            elif la_ == 4:
                localctx = ChoreoParser.CallResultStmtContext(self, localctx)
                self.enterOuterAlt(localctx, 4)
                self.state = 114
                self.located()
                self.state = 119
                self._errHandler.sync(self)
                _la = self._input.LA(1)
                while _la==2:
                    self.state = 115
                    self.match(ChoreoParser.T__1)
                    self.state = 116
                    self.located()
                    self.state = 121
                    self._errHandler.sync(self)
                    _la = self._input.LA(1)

                self.state = 122
                self.match(ChoreoParser.T__9)
                self.state = 123
                self.chorCall()
                self.state = 124
                self.match(ChoreoParser.T__8)
                pass

            elif la_ == 5:
                localctx = ChoreoParser.CallStmtContext(self, localctx)
                self.enterOuterAlt(localctx, 5)
                self.state = 126
                self.chorCall()
                self.state = 127
                self.match(ChoreoParser.T__8)
                pass

            elif la_ == 6:
                localctx = ChoreoParser.ActionStmtContext(self, localctx)
                self.enterOuterAlt(localctx, 6)
                self.state = 129
                self.located()
                self.state = 130
                self.match(ChoreoParser.T__8)
                pass

            elif la_ == 7:
                localctx = ChoreoParser.IfStatementContext(self, localctx)
                self.enterOuterAlt(localctx, 7)
                self.state = 132
                self.ifStmt()
                pass

            elif la_ == 8:
                localctx = ChoreoParser.CaseStmtContext(self, localctx)
                self.enterOuterAlt(localctx, 8)
                self.state = 133
                self.match(ChoreoParser.CASE)
                self.state = 134
                self.located()
                self.state = 135
                self.match(ChoreoParser.T__5)
                self.state = 137 
                self._errHandler.sync(self)
                _la = self._input.LA(1)
                while True:
                    self.state = 136
                    self.caseClause()
                    self.state = 139 
                    self._errHandler.sync(self)
                    _la = self._input.LA(1)
                    if not (((((_la - 1)) & ~0x3f) == 0 and ((1 << (_la - 1)) & -278660224259182551) != 0)):
                        break

                self.state = 141
                self.match(ChoreoParser.T__6)
                pass

            elif la_ == 9:
                localctx = ChoreoParser.ReturnStmtContext(self, localctx)
                self.enterOuterAlt(localctx, 9)
                self.state = 143
                self.match(ChoreoParser.RETURN)
                self.state = 152
                self._errHandler.sync(self)
                _la = self._input.LA(1)
                if _la==60:
                    self.state = 144
                    self.located()
                    self.state = 149
                    self._errHandler.sync(self)
                    _la = self._input.LA(1)
                    while _la==2:
                        self.state = 145
                        self.match(ChoreoParser.T__1)
                        self.state = 146
                        self.located()
                        self.state = 151
                        self._errHandler.sync(self)
                        _la = self._input.LA(1)



                self.state = 154
                self.match(ChoreoParser.T__8)
                pass

            elif la_ == 10:
                localctx = ChoreoParser.CheckpointStmtContext(self, localctx)
                self.enterOuterAlt(localctx, 10)
                self.state = 155
                self.match(ChoreoParser.CHECKPOINT)
                self.state = 156
                self.block()
                self.state = 157
                self.match(ChoreoParser.RESCUE)
                self.state = 158
                self.block()
                pass

            elif la_ == 11:
                localctx = ChoreoParser.ForStmtContext(self, localctx)
                self.enterOuterAlt(localctx, 11)
                self.state = 160
                self.match(ChoreoParser.ATOM)
                self.state = 161
                self.match(ChoreoParser.VAR)
                self.state = 165
                self._errHandler.sync(self)
                _la = self._input.LA(1)
                if _la==4:
                    self.state = 162
                    self.match(ChoreoParser.T__3)
                    self.state = 163
                    self.match(ChoreoParser.VAR)
                    self.state = 164
                    self.match(ChoreoParser.T__4)


                self.state = 167
                self.match(ChoreoParser.ATOM)
                self.state = 168
                self.match(ChoreoParser.VAR)
                self.state = 169
                self.block()
                pass


        except RecognitionException as re:
            localctx.exception = re
            self._errHandler.reportError(self, re)
            self._errHandler.recover(self, re)
        finally:
            self.exitRule()
        return localctx


    class SelectLabelContext(ParserRuleContext):
        __slots__ = 'parser'

        def __init__(self, parser, parent:ParserRuleContext=None, invokingState:int=-1):
            super().__init__(parent, invokingState)
            self.parser = parser

        def ATOM(self):
            return self.getToken(ChoreoParser.ATOM, 0)

        def INT(self):
            return self.getToken(ChoreoParser.INT, 0)

        def ELSE(self):
            return self.getToken(ChoreoParser.ELSE, 0)

        def getRuleIndex(self):
            return ChoreoParser.RULE_selectLabel

        def accept(self, visitor:ParseTreeVisitor):
            if hasattr( visitor, "visitSelectLabel" ):
                return visitor.visitSelectLabel(self)
            else:
                return visitor.visitChildren(self)




    def selectLabel(self):

        localctx = ChoreoParser.SelectLabelContext(self, self._ctx, self.state)
        self.enterRule(localctx, 10, self.RULE_selectLabel)
        self._la = 0 # Token type
        try:
            self.enterOuterAlt(localctx, 1)
            self.state = 172
            _la = self._input.LA(1)
            if not((((_la) & ~0x3f) == 0 and ((1 << _la) & 5188147045608718336) != 0)):
                self._errHandler.recoverInline(self)
            else:
                self._errHandler.reportMatch(self)
                self.consume()
        except RecognitionException as re:
            localctx.exception = re
            self._errHandler.reportError(self, re)
            self._errHandler.recover(self, re)
        finally:
            self.exitRule()
        return localctx


    class IfStmtContext(ParserRuleContext):
        __slots__ = 'parser'

        def __init__(self, parser, parent:ParserRuleContext=None, invokingState:int=-1):
            super().__init__(parent, invokingState)
            self.parser = parser

        def IF(self):
            return self.getToken(ChoreoParser.IF, 0)

        def located(self):
            return self.getTypedRuleContext(ChoreoParser.LocatedContext,0)


        def block(self, i:int=None):
            if i is None:
                return self.getTypedRuleContexts(ChoreoParser.BlockContext)
            else:
                return self.getTypedRuleContext(ChoreoParser.BlockContext,i)


        def ELSE(self):
            return self.getToken(ChoreoParser.ELSE, 0)

        def ifStmt(self):
            return self.getTypedRuleContext(ChoreoParser.IfStmtContext,0)


        def getRuleIndex(self):
            return ChoreoParser.RULE_ifStmt

        def accept(self, visitor:ParseTreeVisitor):
            if hasattr( visitor, "visitIfStmt" ):
                return visitor.visitIfStmt(self)
            else:
                return visitor.visitChildren(self)




    def ifStmt(self):

        localctx = ChoreoParser.IfStmtContext(self, self._ctx, self.state)
        self.enterRule(localctx, 12, self.RULE_ifStmt)
        self._la = 0 # Token type
        try:
            self.enterOuterAlt(localctx, 1)
            self.state = 174
            self.match(ChoreoParser.IF)
            self.state = 175
            self.located()
            self.state = 176
            self.block()
            self.state = 182
            self._errHandler.sync(self)
            _la = self._input.LA(1)
            if _la==38:
                self.state = 177
                self.match(ChoreoParser.ELSE)
                self.state = 180
                self._errHandler.sync(self)
                token = self._input.LA(1)
                if token in [6]:
                    self.state = 178
                    self.block()
                    pass
                elif token in [37]:
                    self.state = 179
                    self.ifStmt()
                    pass
                else:
                    raise NoViableAltException(self)



        except RecognitionException as re:
            localctx.exception = re
            self._errHandler.reportError(self, re)
            self._errHandler.recover(self, re)
        finally:
            self.exitRule()
        return localctx


    class CaseClauseContext(ParserRuleContext):
        __slots__ = 'parser'

        def __init__(self, parser, parent:ParserRuleContext=None, invokingState:int=-1):
            super().__init__(parent, invokingState)
            self.parser = parser

        def expr(self):
            return self.getTypedRuleContext(ChoreoParser.ExprContext,0)


        def block(self):
            return self.getTypedRuleContext(ChoreoParser.BlockContext,0)


        def WHEN(self):
            return self.getToken(ChoreoParser.WHEN, 0)

        def guard(self, i:int=None):
            if i is None:
                return self.getTypedRuleContexts(ChoreoParser.GuardContext)
            else:
                return self.getTypedRuleContext(ChoreoParser.GuardContext,i)


        def getRuleIndex(self):
            return ChoreoParser.RULE_caseClause

        def accept(self, visitor:ParseTreeVisitor):
            if hasattr( visitor, "visitCaseClause" ):
                return visitor.visitCaseClause(self)
            else:
                return visitor.visitChildren(self)




    def caseClause(self):

        localctx = ChoreoParser.CaseClauseContext(self, self._ctx, self.state)
        self.enterRule(localctx, 14, self.RULE_caseClause)
        self._la = 0 # Token type
        try:
            self.enterOuterAlt(localctx, 1)
            self.state = 184
            self.expr(0)
            self.state = 194
            self._errHandler.sync(self)
            _la = self._input.LA(1)
            if _la==40:
                self.state = 185
                self.match(ChoreoParser.WHEN)
                self.state = 186
                self.guard()
                self.state = 191
                self._errHandler.sync(self)
                _la = self._input.LA(1)
                while _la==9:
                    self.state = 187
                    self.match(ChoreoParser.T__8)
                    self.state = 188
                    self.guard()
                    self.state = 193
                    self._errHandler.sync(self)
                    _la = self._input.LA(1)



            self.state = 196
            self.match(ChoreoParser.T__10)
            self.state = 197
            self.block()
        except RecognitionException as re:
            localctx.exception = re
            self._errHandler.reportError(self, re)
            self._errHandler.recover(self, re)
        finally:
            self.exitRule()
        return localctx


    class GuardContext(ParserRuleContext):
        __slots__ = 'parser'

        def __init__(self, parser, parent:ParserRuleContext=None, invokingState:int=-1):
            super().__init__(parent, invokingState)
            self.parser = parser

        def expr(self, i:int=None):
            if i is None:
                return self.getTypedRuleContexts(ChoreoParser.ExprContext)
            else:
                return self.getTypedRuleContext(ChoreoParser.ExprContext,i)


        def getRuleIndex(self):
            return ChoreoParser.RULE_guard

        def accept(self, visitor:ParseTreeVisitor):
            if hasattr( visitor, "visitGuard" ):
                return visitor.visitGuard(self)
            else:
                return visitor.visitChildren(self)




    def guard(self):

        localctx = ChoreoParser.GuardContext(self, self._ctx, self.state)
        self.enterRule(localctx, 16, self.RULE_guard)
        self._la = 0 # Token type
        try:
            self.enterOuterAlt(localctx, 1)
            self.state = 199
            self.expr(0)
            self.state = 204
            self._errHandler.sync(self)
            _la = self._input.LA(1)
            while _la==2:
                self.state = 200
                self.match(ChoreoParser.T__1)
                self.state = 201
                self.expr(0)
                self.state = 206
                self._errHandler.sync(self)
                _la = self._input.LA(1)

        except RecognitionException as re:
            localctx.exception = re
            self._errHandler.reportError(self, re)
            self._errHandler.recover(self, re)
        finally:
            self.exitRule()
        return localctx


    class ChorCallContext(ParserRuleContext):
        __slots__ = 'parser'

        def __init__(self, parser, parent:ParserRuleContext=None, invokingState:int=-1):
            super().__init__(parent, invokingState)
            self.parser = parser

        def ATOM(self):
            return self.getToken(ChoreoParser.ATOM, 0)

        def callArg(self, i:int=None):
            if i is None:
                return self.getTypedRuleContexts(ChoreoParser.CallArgContext)
            else:
                return self.getTypedRuleContext(ChoreoParser.CallArgContext,i)


        def getRuleIndex(self):
            return ChoreoParser.RULE_chorCall

        def accept(self, visitor:ParseTreeVisitor):
            if hasattr( visitor, "visitChorCall" ):
                return visitor.visitChorCall(self)
            else:
                return visitor.visitChildren(self)




    def chorCall(self):

        localctx = ChoreoParser.ChorCallContext(self, self._ctx, self.state)
        self.enterRule(localctx, 18, self.RULE_chorCall)
        self._la = 0 # Token type
        try:
            self.enterOuterAlt(localctx, 1)
            self.state = 207
            self.match(ChoreoParser.ATOM)
            self.state = 208
            self.match(ChoreoParser.T__0)
            self.state = 217
            self._errHandler.sync(self)
            _la = self._input.LA(1)
            if _la==59 or _la==60:
                self.state = 209
                self.callArg()
                self.state = 214
                self._errHandler.sync(self)
                _la = self._input.LA(1)
                while _la==2:
                    self.state = 210
                    self.match(ChoreoParser.T__1)
                    self.state = 211
                    self.callArg()
                    self.state = 216
                    self._errHandler.sync(self)
                    _la = self._input.LA(1)



            self.state = 219
            self.match(ChoreoParser.T__2)
        except RecognitionException as re:
            localctx.exception = re
            self._errHandler.reportError(self, re)
            self._errHandler.recover(self, re)
        finally:
            self.exitRule()
        return localctx


    class CallArgContext(ParserRuleContext):
        __slots__ = 'parser'

        def __init__(self, parser, parent:ParserRuleContext=None, invokingState:int=-1):
            super().__init__(parent, invokingState)
            self.parser = parser


        def getRuleIndex(self):
            return ChoreoParser.RULE_callArg

     
        def copyFrom(self, ctx:ParserRuleContext):
            super().copyFrom(ctx)



    class RoleArgContext(CallArgContext):

        def __init__(self, parser, ctx:ParserRuleContext): # actually a ChoreoParser.CallArgContext
            super().__init__(parser)
            self.copyFrom(ctx)

        def VAR(self):
            return self.getToken(ChoreoParser.VAR, 0)
        def exprList(self):
            return self.getTypedRuleContext(ChoreoParser.ExprListContext,0)


        def accept(self, visitor:ParseTreeVisitor):
            if hasattr( visitor, "visitRoleArg" ):
                return visitor.visitRoleArg(self)
            else:
                return visitor.visitChildren(self)


    class NewFamilyArgContext(CallArgContext):

        def __init__(self, parser, ctx:ParserRuleContext): # actually a ChoreoParser.CallArgContext
            super().__init__(parser)
            self.copyFrom(ctx)

        def ATOM(self):
            return self.getToken(ChoreoParser.ATOM, 0)
        def VAR(self):
            return self.getToken(ChoreoParser.VAR, 0)
        def located(self):
            return self.getTypedRuleContext(ChoreoParser.LocatedContext,0)


        def accept(self, visitor:ParseTreeVisitor):
            if hasattr( visitor, "visitNewFamilyArg" ):
                return visitor.visitNewFamilyArg(self)
            else:
                return visitor.visitChildren(self)



    def callArg(self):

        localctx = ChoreoParser.CallArgContext(self, self._ctx, self.state)
        self.enterRule(localctx, 20, self.RULE_callArg)
        self._la = 0 # Token type
        try:
            self.state = 235
            self._errHandler.sync(self)
            token = self._input.LA(1)
            if token in [60]:
                localctx = ChoreoParser.RoleArgContext(self, localctx)
                self.enterOuterAlt(localctx, 1)
                self.state = 221
                self.match(ChoreoParser.VAR)
                self.state = 227
                self._errHandler.sync(self)
                _la = self._input.LA(1)
                if _la==1:
                    self.state = 222
                    self.match(ChoreoParser.T__0)
                    self.state = 224
                    self._errHandler.sync(self)
                    _la = self._input.LA(1)
                    if ((((_la - 1)) & ~0x3f) == 0 and ((1 << (_la - 1)) & -278660224259182551) != 0):
                        self.state = 223
                        self.exprList()


                    self.state = 226
                    self.match(ChoreoParser.T__2)


                pass
            elif token in [59]:
                localctx = ChoreoParser.NewFamilyArgContext(self, localctx)
                self.enterOuterAlt(localctx, 2)
                self.state = 229
                self.match(ChoreoParser.ATOM)
                self.state = 230
                self.match(ChoreoParser.VAR)
                self.state = 231
                self.match(ChoreoParser.T__3)
                self.state = 232
                self.located()
                self.state = 233
                self.match(ChoreoParser.T__4)
                pass
            else:
                raise NoViableAltException(self)

        except RecognitionException as re:
            localctx.exception = re
            self._errHandler.reportError(self, re)
            self._errHandler.recover(self, re)
        finally:
            self.exitRule()
        return localctx


    class LocatedContext(ParserRuleContext):
        __slots__ = 'parser'

        def __init__(self, parser, parent:ParserRuleContext=None, invokingState:int=-1):
            super().__init__(parent, invokingState)
            self.parser = parser

        def VAR(self):
            return self.getToken(ChoreoParser.VAR, 0)

        def primary(self):
            return self.getTypedRuleContext(ChoreoParser.PrimaryContext,0)


        def getRuleIndex(self):
            return ChoreoParser.RULE_located

        def accept(self, visitor:ParseTreeVisitor):
            if hasattr( visitor, "visitLocated" ):
                return visitor.visitLocated(self)
            else:
                return visitor.visitChildren(self)




    def located(self):

        localctx = ChoreoParser.LocatedContext(self, self._ctx, self.state)
        self.enterRule(localctx, 22, self.RULE_located)
        try:
            self.enterOuterAlt(localctx, 1)
            self.state = 237
            self.match(ChoreoParser.VAR)
            self.state = 238
            self.match(ChoreoParser.T__11)
            self.state = 239
            self.primary()
        except RecognitionException as re:
            localctx.exception = re
            self._errHandler.reportError(self, re)
            self._errHandler.recover(self, re)
        finally:
            self.exitRule()
        return localctx


    class ExprContext(ParserRuleContext):
        __slots__ = 'parser'

        def __init__(self, parser, parent:ParserRuleContext=None, invokingState:int=-1):
            super().__init__(parent, invokingState)
            self.parser = parser


        def getRuleIndex(self):
            return ChoreoParser.RULE_expr

     
        def copyFrom(self, ctx:ParserRuleContext):
            super().copyFrom(ctx)


    class MapUpdateContext(ExprContext):

        def __init__(self, parser, ctx:ParserRuleContext): # actually a ChoreoParser.ExprContext
            super().__init__(parser)
            self.copyFrom(ctx)

        def expr(self):
            return self.getTypedRuleContext(ChoreoParser.ExprContext,0)

        def mapLiteral(self):
            return self.getTypedRuleContext(ChoreoParser.MapLiteralContext,0)


        def accept(self, visitor:ParseTreeVisitor):
            if hasattr( visitor, "visitMapUpdate" ):
                return visitor.visitMapUpdate(self)
            else:
                return visitor.visitChildren(self)


    class UnaryExprContext(ExprContext):

        def __init__(self, parser, ctx:ParserRuleContext): # actually a ChoreoParser.ExprContext
            super().__init__(parser)
            self.op = None # Token
            self.copyFrom(ctx)

        def expr(self):
            return self.getTypedRuleContext(ChoreoParser.ExprContext,0)

        def NOT(self):
            return self.getToken(ChoreoParser.NOT, 0)
        def BNOT(self):
            return self.getToken(ChoreoParser.BNOT, 0)

        def accept(self, visitor:ParseTreeVisitor):
            if hasattr( visitor, "visitUnaryExpr" ):
                return visitor.visitUnaryExpr(self)
            else:
                return visitor.visitChildren(self)


    class PrimaryExprContext(ExprContext):

        def __init__(self, parser, ctx:ParserRuleContext): # actually a ChoreoParser.ExprContext
            super().__init__(parser)
            self.copyFrom(ctx)

        def primary(self):
            return self.getTypedRuleContext(ChoreoParser.PrimaryContext,0)


        def accept(self, visitor:ParseTreeVisitor):
            if hasattr( visitor, "visitPrimaryExpr" ):
                return visitor.visitPrimaryExpr(self)
            else:
                return visitor.visitChildren(self)


    class BinaryExprContext(ExprContext):

        def __init__(self, parser, ctx:ParserRuleContext): # actually a ChoreoParser.ExprContext
            super().__init__(parser)
            self.op = None # Token
            self.copyFrom(ctx)

        def expr(self, i:int=None):
            if i is None:
                return self.getTypedRuleContexts(ChoreoParser.ExprContext)
            else:
                return self.getTypedRuleContext(ChoreoParser.ExprContext,i)

        def DIV(self):
            return self.getToken(ChoreoParser.DIV, 0)
        def REM(self):
            return self.getToken(ChoreoParser.REM, 0)
        def AND(self):
            return self.getToken(ChoreoParser.AND, 0)
        def BAND(self):
            return self.getToken(ChoreoParser.BAND, 0)
        def OR(self):
            return self.getToken(ChoreoParser.OR, 0)
        def XOR(self):
            return self.getToken(ChoreoParser.XOR, 0)
        def BOR(self):
            return self.getToken(ChoreoParser.BOR, 0)
        def BXOR(self):
            return self.getToken(ChoreoParser.BXOR, 0)
        def BSL(self):
            return self.getToken(ChoreoParser.BSL, 0)
        def BSR(self):
            return self.getToken(ChoreoParser.BSR, 0)
        def ANDALSO(self):
            return self.getToken(ChoreoParser.ANDALSO, 0)
        def ORELSE(self):
            return self.getToken(ChoreoParser.ORELSE, 0)

        def accept(self, visitor:ParseTreeVisitor):
            if hasattr( visitor, "visitBinaryExpr" ):
                return visitor.visitBinaryExpr(self)
            else:
                return visitor.visitChildren(self)



    def expr(self, _p:int=0):
        _parentctx = self._ctx
        _parentState = self.state
        localctx = ChoreoParser.ExprContext(self, self._ctx, _parentState)
        _prevctx = localctx
        _startState = 24
        self.enterRecursionRule(localctx, 24, self.RULE_expr, _p)
        self._la = 0 # Token type
        try:
            self.enterOuterAlt(localctx, 1)
            self.state = 245
            self._errHandler.sync(self)
            token = self._input.LA(1)
            if token in [13, 14, 50, 54]:
                localctx = ChoreoParser.UnaryExprContext(self, localctx)
                self._ctx = localctx
                _prevctx = localctx

                self.state = 242
                localctx.op = self._input.LT(1)
                _la = self._input.LA(1)
                if not((((_la) & ~0x3f) == 0 and ((1 << _la) & 19140298416349184) != 0)):
                    localctx.op = self._errHandler.recoverInline(self)
                else:
                    self._errHandler.reportMatch(self)
                    self.consume()
                self.state = 243
                self.expr(8)
                pass
            elif token in [1, 4, 6, 30, 32, 59, 60, 61, 62, 63, 64]:
                localctx = ChoreoParser.PrimaryExprContext(self, localctx)
                self._ctx = localctx
                _prevctx = localctx
                self.state = 244
                self.primary()
                pass
            else:
                raise NoViableAltException(self)

            self._ctx.stop = self._input.LT(-1)
            self.state = 269
            self._errHandler.sync(self)
            _alt = self._interp.adaptivePredict(self._input,26,self._ctx)
            while _alt!=2 and _alt!=ATN.INVALID_ALT_NUMBER:
                if _alt==1:
                    if self._parseListeners is not None:
                        self.triggerExitRuleEvent()
                    _prevctx = localctx
                    self.state = 267
                    self._errHandler.sync(self)
                    la_ = self._interp.adaptivePredict(self._input,25,self._ctx)
                    if la_ == 1:
                        localctx = ChoreoParser.BinaryExprContext(self, ChoreoParser.ExprContext(self, _parentctx, _parentState))
                        self.pushNewRecursionContext(localctx, _startState, self.RULE_expr)
                        self.state = 247
                        if not self.precpred(self._ctx, 7):
                            from antlr4.error.Errors import FailedPredicateException
                            raise FailedPredicateException(self, "self.precpred(self._ctx, 7)")
                        self.state = 248
                        localctx.op = self._input.LT(1)
                        _la = self._input.LA(1)
                        if not((((_la) & ~0x3f) == 0 and ((1 << _la) & 2498090418405376) != 0)):
                            localctx.op = self._errHandler.recoverInline(self)
                        else:
                            self._errHandler.reportMatch(self)
                            self.consume()
                        self.state = 249
                        self.expr(8)
                        pass

                    elif la_ == 2:
                        localctx = ChoreoParser.BinaryExprContext(self, ChoreoParser.ExprContext(self, _parentctx, _parentState))
                        self.pushNewRecursionContext(localctx, _startState, self.RULE_expr)
                        self.state = 250
                        if not self.precpred(self._ctx, 6):
                            from antlr4.error.Errors import FailedPredicateException
                            raise FailedPredicateException(self, "self.precpred(self._ctx, 6)")
                        self.state = 251
                        localctx.op = self._input.LT(1)
                        _la = self._input.LA(1)
                        if not((((_la) & ~0x3f) == 0 and ((1 << _la) & 122441614869159936) != 0)):
                            localctx.op = self._errHandler.recoverInline(self)
                        else:
                            self._errHandler.reportMatch(self)
                            self.consume()
                        self.state = 252
                        self.expr(7)
                        pass

                    elif la_ == 3:
                        localctx = ChoreoParser.BinaryExprContext(self, ChoreoParser.ExprContext(self, _parentctx, _parentState))
                        self.pushNewRecursionContext(localctx, _startState, self.RULE_expr)
                        self.state = 253
                        if not self.precpred(self._ctx, 5):
                            from antlr4.error.Errors import FailedPredicateException
                            raise FailedPredicateException(self, "self.precpred(self._ctx, 5)")
                        self.state = 254
                        localctx.op = self._input.LT(1)
                        _la = self._input.LA(1)
                        if not(_la==17 or _la==18):
                            localctx.op = self._errHandler.recoverInline(self)
                        else:
                            self._errHandler.reportMatch(self)
                            self.consume()
                        self.state = 255
                        self.expr(5)
                        pass

                    elif la_ == 4:
                        localctx = ChoreoParser.BinaryExprContext(self, ChoreoParser.ExprContext(self, _parentctx, _parentState))
                        self.pushNewRecursionContext(localctx, _startState, self.RULE_expr)
                        self.state = 256
                        if not self.precpred(self._ctx, 4):
                            from antlr4.error.Errors import FailedPredicateException
                            raise FailedPredicateException(self, "self.precpred(self._ctx, 4)")
                        self.state = 257
                        localctx.op = self._input.LT(1)
                        _la = self._input.LA(1)
                        if not((((_la) & ~0x3f) == 0 and ((1 << _la) & 133693440) != 0)):
                            localctx.op = self._errHandler.recoverInline(self)
                        else:
                            self._errHandler.reportMatch(self)
                            self.consume()
                        self.state = 258
                        self.expr(5)
                        pass

                    elif la_ == 5:
                        localctx = ChoreoParser.BinaryExprContext(self, ChoreoParser.ExprContext(self, _parentctx, _parentState))
                        self.pushNewRecursionContext(localctx, _startState, self.RULE_expr)
                        self.state = 259
                        if not self.precpred(self._ctx, 3):
                            from antlr4.error.Errors import FailedPredicateException
                            raise FailedPredicateException(self, "self.precpred(self._ctx, 3)")
                        self.state = 260
                        localctx.op = self.match(ChoreoParser.ANDALSO)
                        self.state = 261
                        self.expr(4)
                        pass

                    elif la_ == 6:
                        localctx = ChoreoParser.BinaryExprContext(self, ChoreoParser.ExprContext(self, _parentctx, _parentState))
                        self.pushNewRecursionContext(localctx, _startState, self.RULE_expr)
                        self.state = 262
                        if not self.precpred(self._ctx, 2):
                            from antlr4.error.Errors import FailedPredicateException
                            raise FailedPredicateException(self, "self.precpred(self._ctx, 2)")
                        self.state = 263
                        localctx.op = self.match(ChoreoParser.ORELSE)
                        self.state = 264
                        self.expr(3)
                        pass

                    elif la_ == 7:
                        localctx = ChoreoParser.MapUpdateContext(self, ChoreoParser.ExprContext(self, _parentctx, _parentState))
                        self.pushNewRecursionContext(localctx, _startState, self.RULE_expr)
                        self.state = 265
                        if not self.precpred(self._ctx, 9):
                            from antlr4.error.Errors import FailedPredicateException
                            raise FailedPredicateException(self, "self.precpred(self._ctx, 9)")
                        self.state = 266
                        self.mapLiteral()
                        pass

             
                self.state = 271
                self._errHandler.sync(self)
                _alt = self._interp.adaptivePredict(self._input,26,self._ctx)

        except RecognitionException as re:
            localctx.exception = re
            self._errHandler.reportError(self, re)
            self._errHandler.recover(self, re)
        finally:
            self.unrollRecursionContexts(_parentctx)
        return localctx


    class PrimaryContext(ParserRuleContext):
        __slots__ = 'parser'

        def __init__(self, parser, parent:ParserRuleContext=None, invokingState:int=-1):
            super().__init__(parent, invokingState)
            self.parser = parser


        def getRuleIndex(self):
            return ChoreoParser.RULE_primary

     
        def copyFrom(self, ctx:ParserRuleContext):
            super().copyFrom(ctx)



    class CharExprContext(PrimaryContext):

        def __init__(self, parser, ctx:ParserRuleContext): # actually a ChoreoParser.PrimaryContext
            super().__init__(parser)
            self.copyFrom(ctx)

        def CHAR(self):
            return self.getToken(ChoreoParser.CHAR, 0)

        def accept(self, visitor:ParseTreeVisitor):
            if hasattr( visitor, "visitCharExpr" ):
                return visitor.visitCharExpr(self)
            else:
                return visitor.visitChildren(self)


    class IntExprContext(PrimaryContext):

        def __init__(self, parser, ctx:ParserRuleContext): # actually a ChoreoParser.PrimaryContext
            super().__init__(parser)
            self.copyFrom(ctx)

        def INT(self):
            return self.getToken(ChoreoParser.INT, 0)

        def accept(self, visitor:ParseTreeVisitor):
            if hasattr( visitor, "visitIntExpr" ):
                return visitor.visitIntExpr(self)
            else:
                return visitor.visitChildren(self)


    class AtomExprContext(PrimaryContext):

        def __init__(self, parser, ctx:ParserRuleContext): # actually a ChoreoParser.PrimaryContext
            super().__init__(parser)
            self.copyFrom(ctx)

        def ATOM(self):
            return self.getToken(ChoreoParser.ATOM, 0)

        def accept(self, visitor:ParseTreeVisitor):
            if hasattr( visitor, "visitAtomExpr" ):
                return visitor.visitAtomExpr(self)
            else:
                return visitor.visitChildren(self)


    class MapExprContext(PrimaryContext):

        def __init__(self, parser, ctx:ParserRuleContext): # actually a ChoreoParser.PrimaryContext
            super().__init__(parser)
            self.copyFrom(ctx)

        def mapLiteral(self):
            return self.getTypedRuleContext(ChoreoParser.MapLiteralContext,0)


        def accept(self, visitor:ParseTreeVisitor):
            if hasattr( visitor, "visitMapExpr" ):
                return visitor.visitMapExpr(self)
            else:
                return visitor.visitChildren(self)


    class RemoteCallExprContext(PrimaryContext):

        def __init__(self, parser, ctx:ParserRuleContext): # actually a ChoreoParser.PrimaryContext
            super().__init__(parser)
            self.copyFrom(ctx)

        def ATOM(self, i:int=None):
            if i is None:
                return self.getTokens(ChoreoParser.ATOM)
            else:
                return self.getToken(ChoreoParser.ATOM, i)
        def exprList(self):
            return self.getTypedRuleContext(ChoreoParser.ExprListContext,0)


        def accept(self, visitor:ParseTreeVisitor):
            if hasattr( visitor, "visitRemoteCallExpr" ):
                return visitor.visitRemoteCallExpr(self)
            else:
                return visitor.visitChildren(self)


    class ParenExprContext(PrimaryContext):

        def __init__(self, parser, ctx:ParserRuleContext): # actually a ChoreoParser.PrimaryContext
            super().__init__(parser)
            self.copyFrom(ctx)

        def expr(self):
            return self.getTypedRuleContext(ChoreoParser.ExprContext,0)


        def accept(self, visitor:ParseTreeVisitor):
            if hasattr( visitor, "visitParenExpr" ):
                return visitor.visitParenExpr(self)
            else:
                return visitor.visitChildren(self)


    class ListCompExprContext(PrimaryContext):

        def __init__(self, parser, ctx:ParserRuleContext): # actually a ChoreoParser.PrimaryContext
            super().__init__(parser)
            self.copyFrom(ctx)

        def expr(self):
            return self.getTypedRuleContext(ChoreoParser.ExprContext,0)

        def qualifier(self, i:int=None):
            if i is None:
                return self.getTypedRuleContexts(ChoreoParser.QualifierContext)
            else:
                return self.getTypedRuleContext(ChoreoParser.QualifierContext,i)


        def accept(self, visitor:ParseTreeVisitor):
            if hasattr( visitor, "visitListCompExpr" ):
                return visitor.visitListCompExpr(self)
            else:
                return visitor.visitChildren(self)


    class StringExprContext(PrimaryContext):

        def __init__(self, parser, ctx:ParserRuleContext): # actually a ChoreoParser.PrimaryContext
            super().__init__(parser)
            self.copyFrom(ctx)

        def STRING(self, i:int=None):
            if i is None:
                return self.getTokens(ChoreoParser.STRING)
            else:
                return self.getToken(ChoreoParser.STRING, i)

        def accept(self, visitor:ParseTreeVisitor):
            if hasattr( visitor, "visitStringExpr" ):
                return visitor.visitStringExpr(self)
            else:
                return visitor.visitChildren(self)


    class VarExprContext(PrimaryContext):

        def __init__(self, parser, ctx:ParserRuleContext): # actually a ChoreoParser.PrimaryContext
            super().__init__(parser)
            self.copyFrom(ctx)

        def VAR(self):
            return self.getToken(ChoreoParser.VAR, 0)

        def accept(self, visitor:ParseTreeVisitor):
            if hasattr( visitor, "visitVarExpr" ):
                return visitor.visitVarExpr(self)
            else:
                return visitor.visitChildren(self)


    class FloatExprContext(PrimaryContext):

        def __init__(self, parser, ctx:ParserRuleContext): # actually a ChoreoParser.PrimaryContext
            super().__init__(parser)
            self.copyFrom(ctx)

        def FLOAT(self):
            return self.getToken(ChoreoParser.FLOAT, 0)

        def accept(self, visitor:ParseTreeVisitor):
            if hasattr( visitor, "visitFloatExpr" ):
                return visitor.visitFloatExpr(self)
            else:
                return visitor.visitChildren(self)


    class BinaryLitContext(PrimaryContext):

        def __init__(self, parser, ctx:ParserRuleContext): # actually a ChoreoParser.PrimaryContext
            super().__init__(parser)
            self.copyFrom(ctx)

        def binElem(self, i:int=None):
            if i is None:
                return self.getTypedRuleContexts(ChoreoParser.BinElemContext)
            else:
                return self.getTypedRuleContext(ChoreoParser.BinElemContext,i)


        def accept(self, visitor:ParseTreeVisitor):
            if hasattr( visitor, "visitBinaryLit" ):
                return visitor.visitBinaryLit(self)
            else:
                return visitor.visitChildren(self)


    class CallExprContext(PrimaryContext):

        def __init__(self, parser, ctx:ParserRuleContext): # actually a ChoreoParser.PrimaryContext
            super().__init__(parser)
            self.copyFrom(ctx)

        def ATOM(self):
            return self.getToken(ChoreoParser.ATOM, 0)
        def exprList(self):
            return self.getTypedRuleContext(ChoreoParser.ExprListContext,0)


        def accept(self, visitor:ParseTreeVisitor):
            if hasattr( visitor, "visitCallExpr" ):
                return visitor.visitCallExpr(self)
            else:
                return visitor.visitChildren(self)


    class TupleExprContext(PrimaryContext):

        def __init__(self, parser, ctx:ParserRuleContext): # actually a ChoreoParser.PrimaryContext
            super().__init__(parser)
            self.copyFrom(ctx)

        def exprList(self):
            return self.getTypedRuleContext(ChoreoParser.ExprListContext,0)


        def accept(self, visitor:ParseTreeVisitor):
            if hasattr( visitor, "visitTupleExpr" ):
                return visitor.visitTupleExpr(self)
            else:
                return visitor.visitChildren(self)


    class ListExprContext(PrimaryContext):

        def __init__(self, parser, ctx:ParserRuleContext): # actually a ChoreoParser.PrimaryContext
            super().__init__(parser)
            self.copyFrom(ctx)

        def exprList(self):
            return self.getTypedRuleContext(ChoreoParser.ExprListContext,0)

        def expr(self):
            return self.getTypedRuleContext(ChoreoParser.ExprContext,0)


        def accept(self, visitor:ParseTreeVisitor):
            if hasattr( visitor, "visitListExpr" ):
                return visitor.visitListExpr(self)
            else:
                return visitor.visitChildren(self)



    def primary(self):

        localctx = ChoreoParser.PrimaryContext(self, self._ctx, self.state)
        self.enterRule(localctx, 26, self.RULE_primary)
        self._la = 0 # Token type
        try:
            self.state = 340
            self._errHandler.sync(self)
            la_ = self._interp.adaptivePredict(self._input,36,self._ctx)
            if la_ == 1:
                localctx = ChoreoParser.VarExprContext(self, localctx)
                self.enterOuterAlt(localctx, 1)
                self.state = 272
                self.match(ChoreoParser.VAR)
                pass

            elif la_ == 2:
                localctx = ChoreoParser.RemoteCallExprContext(self, localctx)
                self.enterOuterAlt(localctx, 2)
                self.state = 273
                self.match(ChoreoParser.ATOM)
                self.state = 274
                self.match(ChoreoParser.T__26)
                self.state = 275
                self.match(ChoreoParser.ATOM)
                self.state = 276
                self.match(ChoreoParser.T__0)
                self.state = 278
                self._errHandler.sync(self)
                _la = self._input.LA(1)
                if ((((_la - 1)) & ~0x3f) == 0 and ((1 << (_la - 1)) & -278660224259182551) != 0):
                    self.state = 277
                    self.exprList()


                self.state = 280
                self.match(ChoreoParser.T__2)
                pass

            elif la_ == 3:
                localctx = ChoreoParser.CallExprContext(self, localctx)
                self.enterOuterAlt(localctx, 3)
                self.state = 281
                self.match(ChoreoParser.ATOM)
                self.state = 282
                self.match(ChoreoParser.T__0)
                self.state = 284
                self._errHandler.sync(self)
                _la = self._input.LA(1)
                if ((((_la - 1)) & ~0x3f) == 0 and ((1 << (_la - 1)) & -278660224259182551) != 0):
                    self.state = 283
                    self.exprList()


                self.state = 286
                self.match(ChoreoParser.T__2)
                pass

            elif la_ == 4:
                localctx = ChoreoParser.AtomExprContext(self, localctx)
                self.enterOuterAlt(localctx, 4)
                self.state = 287
                self.match(ChoreoParser.ATOM)
                pass

            elif la_ == 5:
                localctx = ChoreoParser.IntExprContext(self, localctx)
                self.enterOuterAlt(localctx, 5)
                self.state = 288
                self.match(ChoreoParser.INT)
                pass

            elif la_ == 6:
                localctx = ChoreoParser.FloatExprContext(self, localctx)
                self.enterOuterAlt(localctx, 6)
                self.state = 289
                self.match(ChoreoParser.FLOAT)
                pass

            elif la_ == 7:
                localctx = ChoreoParser.CharExprContext(self, localctx)
                self.enterOuterAlt(localctx, 7)
                self.state = 290
                self.match(ChoreoParser.CHAR)
                pass

            elif la_ == 8:
                localctx = ChoreoParser.StringExprContext(self, localctx)
                self.enterOuterAlt(localctx, 8)
                self.state = 292 
                self._errHandler.sync(self)
                _alt = 1
                while _alt!=2 and _alt!=ATN.INVALID_ALT_NUMBER:
                    if _alt == 1:
                        self.state = 291
                        self.match(ChoreoParser.STRING)

                    else:
                        raise NoViableAltException(self)
                    self.state = 294 
                    self._errHandler.sync(self)
                    _alt = self._interp.adaptivePredict(self._input,29,self._ctx)

                pass

            elif la_ == 9:
                localctx = ChoreoParser.TupleExprContext(self, localctx)
                self.enterOuterAlt(localctx, 9)
                self.state = 296
                self.match(ChoreoParser.T__5)
                self.state = 298
                self._errHandler.sync(self)
                _la = self._input.LA(1)
                if ((((_la - 1)) & ~0x3f) == 0 and ((1 << (_la - 1)) & -278660224259182551) != 0):
                    self.state = 297
                    self.exprList()


                self.state = 300
                self.match(ChoreoParser.T__6)
                pass

            elif la_ == 10:
                localctx = ChoreoParser.ListCompExprContext(self, localctx)
                self.enterOuterAlt(localctx, 10)
                self.state = 301
                self.match(ChoreoParser.T__3)
                self.state = 302
                self.expr(0)
                self.state = 303
                self.match(ChoreoParser.T__27)
                self.state = 304
                self.qualifier()
                self.state = 309
                self._errHandler.sync(self)
                _la = self._input.LA(1)
                while _la==2:
                    self.state = 305
                    self.match(ChoreoParser.T__1)
                    self.state = 306
                    self.qualifier()
                    self.state = 311
                    self._errHandler.sync(self)
                    _la = self._input.LA(1)

                self.state = 312
                self.match(ChoreoParser.T__4)
                pass

            elif la_ == 11:
                localctx = ChoreoParser.ListExprContext(self, localctx)
                self.enterOuterAlt(localctx, 11)
                self.state = 314
                self.match(ChoreoParser.T__3)
                self.state = 320
                self._errHandler.sync(self)
                _la = self._input.LA(1)
                if ((((_la - 1)) & ~0x3f) == 0 and ((1 << (_la - 1)) & -278660224259182551) != 0):
                    self.state = 315
                    self.exprList()
                    self.state = 318
                    self._errHandler.sync(self)
                    _la = self._input.LA(1)
                    if _la==29:
                        self.state = 316
                        self.match(ChoreoParser.T__28)
                        self.state = 317
                        self.expr(0)




                self.state = 322
                self.match(ChoreoParser.T__4)
                pass

            elif la_ == 12:
                localctx = ChoreoParser.MapExprContext(self, localctx)
                self.enterOuterAlt(localctx, 12)
                self.state = 323
                self.mapLiteral()
                pass

            elif la_ == 13:
                localctx = ChoreoParser.BinaryLitContext(self, localctx)
                self.enterOuterAlt(localctx, 13)
                self.state = 324
                self.match(ChoreoParser.T__29)
                self.state = 333
                self._errHandler.sync(self)
                _la = self._input.LA(1)
                if ((((_la - 1)) & ~0x3f) == 0 and ((1 << (_la - 1)) & -1729382256910270463) != 0):
                    self.state = 325
                    self.binElem()
                    self.state = 330
                    self._errHandler.sync(self)
                    _la = self._input.LA(1)
                    while _la==2:
                        self.state = 326
                        self.match(ChoreoParser.T__1)
                        self.state = 327
                        self.binElem()
                        self.state = 332
                        self._errHandler.sync(self)
                        _la = self._input.LA(1)



                self.state = 335
                self.match(ChoreoParser.T__30)
                pass

            elif la_ == 14:
                localctx = ChoreoParser.ParenExprContext(self, localctx)
                self.enterOuterAlt(localctx, 14)
                self.state = 336
                self.match(ChoreoParser.T__0)
                self.state = 337
                self.expr(0)
                self.state = 338
                self.match(ChoreoParser.T__2)
                pass


        except RecognitionException as re:
            localctx.exception = re
            self._errHandler.reportError(self, re)
            self._errHandler.recover(self, re)
        finally:
            self.exitRule()
        return localctx


    class MapLiteralContext(ParserRuleContext):
        __slots__ = 'parser'

        def __init__(self, parser, parent:ParserRuleContext=None, invokingState:int=-1):
            super().__init__(parent, invokingState)
            self.parser = parser

        def mapField(self, i:int=None):
            if i is None:
                return self.getTypedRuleContexts(ChoreoParser.MapFieldContext)
            else:
                return self.getTypedRuleContext(ChoreoParser.MapFieldContext,i)


        def getRuleIndex(self):
            return ChoreoParser.RULE_mapLiteral

        def accept(self, visitor:ParseTreeVisitor):
            if hasattr( visitor, "visitMapLiteral" ):
                return visitor.visitMapLiteral(self)
            else:
                return visitor.visitChildren(self)




    def mapLiteral(self):

        localctx = ChoreoParser.MapLiteralContext(self, self._ctx, self.state)
        self.enterRule(localctx, 28, self.RULE_mapLiteral)
        self._la = 0 # Token type
        try:
            self.enterOuterAlt(localctx, 1)
            self.state = 342
            self.match(ChoreoParser.T__31)
            self.state = 343
            self.match(ChoreoParser.T__5)
            self.state = 352
            self._errHandler.sync(self)
            _la = self._input.LA(1)
            if ((((_la - 1)) & ~0x3f) == 0 and ((1 << (_la - 1)) & -278660224259182551) != 0):
                self.state = 344
                self.mapField()
                self.state = 349
                self._errHandler.sync(self)
                _la = self._input.LA(1)
                while _la==2:
                    self.state = 345
                    self.match(ChoreoParser.T__1)
                    self.state = 346
                    self.mapField()
                    self.state = 351
                    self._errHandler.sync(self)
                    _la = self._input.LA(1)



            self.state = 354
            self.match(ChoreoParser.T__6)
        except RecognitionException as re:
            localctx.exception = re
            self._errHandler.reportError(self, re)
            self._errHandler.recover(self, re)
        finally:
            self.exitRule()
        return localctx


    class MapFieldContext(ParserRuleContext):
        __slots__ = 'parser'

        def __init__(self, parser, parent:ParserRuleContext=None, invokingState:int=-1):
            super().__init__(parent, invokingState)
            self.parser = parser
            self.op = None # Token

        def expr(self, i:int=None):
            if i is None:
                return self.getTypedRuleContexts(ChoreoParser.ExprContext)
            else:
                return self.getTypedRuleContext(ChoreoParser.ExprContext,i)


        def getRuleIndex(self):
            return ChoreoParser.RULE_mapField

        def accept(self, visitor:ParseTreeVisitor):
            if hasattr( visitor, "visitMapField" ):
                return visitor.visitMapField(self)
            else:
                return visitor.visitChildren(self)




    def mapField(self):

        localctx = ChoreoParser.MapFieldContext(self, self._ctx, self.state)
        self.enterRule(localctx, 30, self.RULE_mapField)
        self._la = 0 # Token type
        try:
            self.enterOuterAlt(localctx, 1)
            self.state = 356
            self.expr(0)
            self.state = 357
            localctx.op = self._input.LT(1)
            _la = self._input.LA(1)
            if not(_la==33 or _la==34):
                localctx.op = self._errHandler.recoverInline(self)
            else:
                self._errHandler.reportMatch(self)
                self.consume()
            self.state = 358
            self.expr(0)
        except RecognitionException as re:
            localctx.exception = re
            self._errHandler.reportError(self, re)
            self._errHandler.recover(self, re)
        finally:
            self.exitRule()
        return localctx


    class QualifierContext(ParserRuleContext):
        __slots__ = 'parser'

        def __init__(self, parser, parent:ParserRuleContext=None, invokingState:int=-1):
            super().__init__(parent, invokingState)
            self.parser = parser


        def getRuleIndex(self):
            return ChoreoParser.RULE_qualifier

     
        def copyFrom(self, ctx:ParserRuleContext):
            super().copyFrom(ctx)



    class GeneratorQualContext(QualifierContext):

        def __init__(self, parser, ctx:ParserRuleContext): # actually a ChoreoParser.QualifierContext
            super().__init__(parser)
            self.copyFrom(ctx)

        def expr(self, i:int=None):
            if i is None:
                return self.getTypedRuleContexts(ChoreoParser.ExprContext)
            else:
                return self.getTypedRuleContext(ChoreoParser.ExprContext,i)


        def accept(self, visitor:ParseTreeVisitor):
            if hasattr( visitor, "visitGeneratorQual" ):
                return visitor.visitGeneratorQual(self)
            else:
                return visitor.visitChildren(self)


    class FilterQualContext(QualifierContext):

        def __init__(self, parser, ctx:ParserRuleContext): # actually a ChoreoParser.QualifierContext
            super().__init__(parser)
            self.copyFrom(ctx)

        def expr(self):
            return self.getTypedRuleContext(ChoreoParser.ExprContext,0)


        def accept(self, visitor:ParseTreeVisitor):
            if hasattr( visitor, "visitFilterQual" ):
                return visitor.visitFilterQual(self)
            else:
                return visitor.visitChildren(self)



    def qualifier(self):

        localctx = ChoreoParser.QualifierContext(self, self._ctx, self.state)
        self.enterRule(localctx, 32, self.RULE_qualifier)
        try:
            self.state = 365
            self._errHandler.sync(self)
            la_ = self._interp.adaptivePredict(self._input,39,self._ctx)
            if la_ == 1:
                localctx = ChoreoParser.GeneratorQualContext(self, localctx)
                self.enterOuterAlt(localctx, 1)
                self.state = 360
                self.expr(0)
                self.state = 361
                self.match(ChoreoParser.T__34)
                self.state = 362
                self.expr(0)
                pass

            elif la_ == 2:
                localctx = ChoreoParser.FilterQualContext(self, localctx)
                self.enterOuterAlt(localctx, 2)
                self.state = 364
                self.expr(0)
                pass


        except RecognitionException as re:
            localctx.exception = re
            self._errHandler.reportError(self, re)
            self._errHandler.recover(self, re)
        finally:
            self.exitRule()
        return localctx


    class BinElemContext(ParserRuleContext):
        __slots__ = 'parser'

        def __init__(self, parser, parent:ParserRuleContext=None, invokingState:int=-1):
            super().__init__(parent, invokingState)
            self.parser = parser

        def binValue(self):
            return self.getTypedRuleContext(ChoreoParser.BinValueContext,0)


        def binSize(self):
            return self.getTypedRuleContext(ChoreoParser.BinSizeContext,0)


        def ATOM(self, i:int=None):
            if i is None:
                return self.getTokens(ChoreoParser.ATOM)
            else:
                return self.getToken(ChoreoParser.ATOM, i)

        def getRuleIndex(self):
            return ChoreoParser.RULE_binElem

        def accept(self, visitor:ParseTreeVisitor):
            if hasattr( visitor, "visitBinElem" ):
                return visitor.visitBinElem(self)
            else:
                return visitor.visitChildren(self)




    def binElem(self):

        localctx = ChoreoParser.BinElemContext(self, self._ctx, self.state)
        self.enterRule(localctx, 34, self.RULE_binElem)
        self._la = 0 # Token type
        try:
            self.enterOuterAlt(localctx, 1)
            self.state = 367
            self.binValue()
            self.state = 370
            self._errHandler.sync(self)
            _la = self._input.LA(1)
            if _la==27:
                self.state = 368
                self.match(ChoreoParser.T__26)
                self.state = 369
                self.binSize()


            self.state = 381
            self._errHandler.sync(self)
            _la = self._input.LA(1)
            if _la==16:
                self.state = 372
                self.match(ChoreoParser.T__15)
                self.state = 373
                self.match(ChoreoParser.ATOM)
                self.state = 378
                self._errHandler.sync(self)
                _la = self._input.LA(1)
                while _la==14:
                    self.state = 374
                    self.match(ChoreoParser.T__13)
                    self.state = 375
                    self.match(ChoreoParser.ATOM)
                    self.state = 380
                    self._errHandler.sync(self)
                    _la = self._input.LA(1)



        except RecognitionException as re:
            localctx.exception = re
            self._errHandler.reportError(self, re)
            self._errHandler.recover(self, re)
        finally:
            self.exitRule()
        return localctx


    class BinValueContext(ParserRuleContext):
        __slots__ = 'parser'

        def __init__(self, parser, parent:ParserRuleContext=None, invokingState:int=-1):
            super().__init__(parent, invokingState)
            self.parser = parser

        def INT(self):
            return self.getToken(ChoreoParser.INT, 0)

        def STRING(self):
            return self.getToken(ChoreoParser.STRING, 0)

        def VAR(self):
            return self.getToken(ChoreoParser.VAR, 0)

        def CHAR(self):
            return self.getToken(ChoreoParser.CHAR, 0)

        def expr(self):
            return self.getTypedRuleContext(ChoreoParser.ExprContext,0)


        def getRuleIndex(self):
            return ChoreoParser.RULE_binValue

        def accept(self, visitor:ParseTreeVisitor):
            if hasattr( visitor, "visitBinValue" ):
                return visitor.visitBinValue(self)
            else:
                return visitor.visitChildren(self)




    def binValue(self):

        localctx = ChoreoParser.BinValueContext(self, self._ctx, self.state)
        self.enterRule(localctx, 36, self.RULE_binValue)
        try:
            self.state = 391
            self._errHandler.sync(self)
            token = self._input.LA(1)
            if token in [62]:
                self.enterOuterAlt(localctx, 1)
                self.state = 383
                self.match(ChoreoParser.INT)
                pass
            elif token in [64]:
                self.enterOuterAlt(localctx, 2)
                self.state = 384
                self.match(ChoreoParser.STRING)
                pass
            elif token in [60]:
                self.enterOuterAlt(localctx, 3)
                self.state = 385
                self.match(ChoreoParser.VAR)
                pass
            elif token in [63]:
                self.enterOuterAlt(localctx, 4)
                self.state = 386
                self.match(ChoreoParser.CHAR)
                pass
            elif token in [1]:
                self.enterOuterAlt(localctx, 5)
                self.state = 387
                self.match(ChoreoParser.T__0)
                self.state = 388
                self.expr(0)
                self.state = 389
                self.match(ChoreoParser.T__2)
                pass
            else:
                raise NoViableAltException(self)

        except RecognitionException as re:
            localctx.exception = re
            self._errHandler.reportError(self, re)
            self._errHandler.recover(self, re)
        finally:
            self.exitRule()
        return localctx


    class BinSizeContext(ParserRuleContext):
        __slots__ = 'parser'

        def __init__(self, parser, parent:ParserRuleContext=None, invokingState:int=-1):
            super().__init__(parent, invokingState)
            self.parser = parser

        def INT(self):
            return self.getToken(ChoreoParser.INT, 0)

        def VAR(self):
            return self.getToken(ChoreoParser.VAR, 0)

        def expr(self):
            return self.getTypedRuleContext(ChoreoParser.ExprContext,0)


        def getRuleIndex(self):
            return ChoreoParser.RULE_binSize

        def accept(self, visitor:ParseTreeVisitor):
            if hasattr( visitor, "visitBinSize" ):
                return visitor.visitBinSize(self)
            else:
                return visitor.visitChildren(self)




    def binSize(self):

        localctx = ChoreoParser.BinSizeContext(self, self._ctx, self.state)
        self.enterRule(localctx, 38, self.RULE_binSize)
        try:
            self.state = 399
            self._errHandler.sync(self)
            token = self._input.LA(1)
            if token in [62]:
                self.enterOuterAlt(localctx, 1)
                self.state = 393
                self.match(ChoreoParser.INT)
                pass
            elif token in [60]:
                self.enterOuterAlt(localctx, 2)
                self.state = 394
                self.match(ChoreoParser.VAR)
                pass
            elif token in [1]:
                self.enterOuterAlt(localctx, 3)
                self.state = 395
                self.match(ChoreoParser.T__0)
                self.state = 396
                self.expr(0)
                self.state = 397
                self.match(ChoreoParser.T__2)
                pass
            else:
                raise NoViableAltException(self)

        except RecognitionException as re:
            localctx.exception = re
            self._errHandler.reportError(self, re)
            self._errHandler.recover(self, re)
        finally:
            self.exitRule()
        return localctx


    class ExprListContext(ParserRuleContext):
        __slots__ = 'parser'

        def __init__(self, parser, parent:ParserRuleContext=None, invokingState:int=-1):
            super().__init__(parent, invokingState)
            self.parser = parser

        def expr(self, i:int=None):
            if i is None:
                return self.getTypedRuleContexts(ChoreoParser.ExprContext)
            else:
                return self.getTypedRuleContext(ChoreoParser.ExprContext,i)


        def getRuleIndex(self):
            return ChoreoParser.RULE_exprList

        def accept(self, visitor:ParseTreeVisitor):
            if hasattr( visitor, "visitExprList" ):
                return visitor.visitExprList(self)
            else:
                return visitor.visitChildren(self)




    def exprList(self):

        localctx = ChoreoParser.ExprListContext(self, self._ctx, self.state)
        self.enterRule(localctx, 40, self.RULE_exprList)
        self._la = 0 # Token type
        try:
            self.enterOuterAlt(localctx, 1)
            self.state = 401
            self.expr(0)
            self.state = 406
            self._errHandler.sync(self)
            _la = self._input.LA(1)
            while _la==2:
                self.state = 402
                self.match(ChoreoParser.T__1)
                self.state = 403
                self.expr(0)
                self.state = 408
                self._errHandler.sync(self)
                _la = self._input.LA(1)

        except RecognitionException as re:
            localctx.exception = re
            self._errHandler.reportError(self, re)
            self._errHandler.recover(self, re)
        finally:
            self.exitRule()
        return localctx



    def sempred(self, localctx:RuleContext, ruleIndex:int, predIndex:int):
        if self._predicates == None:
            self._predicates = dict()
        self._predicates[12] = self.expr_sempred
        pred = self._predicates.get(ruleIndex, None)
        if pred is None:
            raise Exception("No predicate with index:" + str(ruleIndex))
        else:
            return pred(localctx, predIndex)

    def expr_sempred(self, localctx:ExprContext, predIndex:int):
            if predIndex == 0:
                return self.precpred(self._ctx, 7)
         

            if predIndex == 1:
                return self.precpred(self._ctx, 6)
         

            if predIndex == 2:
                return self.precpred(self._ctx, 5)
         

            if predIndex == 3:
                return self.precpred(self._ctx, 4)
         

            if predIndex == 4:
                return self.precpred(self._ctx, 3)
         

            if predIndex == 5:
                return self.precpred(self._ctx, 2)
         

            if predIndex == 6:
                return self.precpred(self._ctx, 9)
         




