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
        4,1,67,388,2,0,7,0,2,1,7,1,2,2,7,2,2,3,7,3,2,4,7,4,2,5,7,5,2,6,7,
        6,2,7,7,7,2,8,7,8,2,9,7,9,2,10,7,10,2,11,7,11,2,12,7,12,2,13,7,13,
        2,14,7,14,2,15,7,15,2,16,7,16,2,17,7,17,2,18,7,18,2,19,7,19,2,20,
        7,20,1,0,5,0,44,8,0,10,0,12,0,47,9,0,1,0,1,0,1,1,1,1,1,1,1,1,1,1,
        1,1,5,1,57,8,1,10,1,12,1,60,9,1,1,1,1,1,1,1,1,2,1,2,1,2,1,2,1,2,
        5,2,70,8,2,10,2,12,2,73,9,2,3,2,75,8,2,1,2,3,2,78,8,2,1,3,1,3,5,
        3,82,8,3,10,3,12,3,85,9,3,1,3,1,3,1,4,1,4,1,4,1,4,1,4,3,4,94,8,4,
        1,4,1,4,1,4,1,4,1,4,1,4,1,4,1,4,1,4,1,4,1,4,1,4,1,4,1,4,1,4,1,4,
        1,4,1,4,5,4,114,8,4,10,4,12,4,117,9,4,1,4,1,4,1,4,1,4,1,4,1,4,1,
        4,1,4,1,4,1,4,1,4,1,4,1,4,1,4,1,4,4,4,134,8,4,11,4,12,4,135,1,4,
        1,4,1,4,1,4,1,4,1,4,5,4,144,8,4,10,4,12,4,147,9,4,3,4,149,8,4,1,
        4,1,4,1,4,1,4,1,4,1,4,3,4,157,8,4,1,5,1,5,1,6,1,6,1,6,1,6,1,6,1,
        6,3,6,167,8,6,3,6,169,8,6,1,7,1,7,1,7,1,7,1,7,5,7,176,8,7,10,7,12,
        7,179,9,7,3,7,181,8,7,1,7,1,7,1,7,1,8,1,8,1,8,5,8,189,8,8,10,8,12,
        8,192,9,8,1,9,1,9,1,9,1,9,1,9,5,9,199,8,9,10,9,12,9,202,9,9,3,9,
        204,8,9,1,9,1,9,1,10,1,10,1,10,3,10,211,8,10,1,10,3,10,214,8,10,
        1,11,1,11,1,11,1,11,1,12,1,12,1,12,1,12,3,12,224,8,12,1,12,1,12,
        1,12,1,12,1,12,1,12,1,12,1,12,1,12,1,12,1,12,1,12,1,12,1,12,1,12,
        1,12,1,12,1,12,1,12,1,12,5,12,246,8,12,10,12,12,12,249,9,12,1,13,
        1,13,1,13,1,13,1,13,1,13,3,13,257,8,13,1,13,1,13,1,13,1,13,3,13,
        263,8,13,1,13,1,13,1,13,1,13,1,13,1,13,4,13,271,8,13,11,13,12,13,
        272,1,13,1,13,3,13,277,8,13,1,13,1,13,1,13,1,13,1,13,1,13,1,13,5,
        13,286,8,13,10,13,12,13,289,9,13,1,13,1,13,1,13,1,13,1,13,1,13,3,
        13,297,8,13,3,13,299,8,13,1,13,1,13,1,13,1,13,1,13,1,13,5,13,307,
        8,13,10,13,12,13,310,9,13,3,13,312,8,13,1,13,1,13,1,13,1,13,1,13,
        3,13,319,8,13,1,14,1,14,1,14,1,14,1,14,5,14,326,8,14,10,14,12,14,
        329,9,14,3,14,331,8,14,1,14,1,14,1,15,1,15,1,15,1,15,1,16,1,16,1,
        16,1,16,1,16,3,16,344,8,16,1,17,1,17,1,17,3,17,349,8,17,1,17,1,17,
        1,17,1,17,5,17,355,8,17,10,17,12,17,358,9,17,3,17,360,8,17,1,18,
        1,18,1,18,1,18,1,18,1,18,1,18,1,18,3,18,370,8,18,1,19,1,19,1,19,
        1,19,1,19,1,19,3,19,378,8,19,1,20,1,20,1,20,5,20,383,8,20,10,20,
        12,20,386,9,20,1,20,0,1,24,21,0,2,4,6,8,10,12,14,16,18,20,22,24,
        26,28,30,32,34,36,38,40,0,7,3,0,38,38,59,59,62,62,3,0,13,14,50,50,
        54,54,3,0,15,16,45,47,51,51,4,0,13,14,48,49,52,53,55,56,1,0,17,18,
        1,0,19,26,1,0,33,34,438,0,45,1,0,0,0,2,50,1,0,0,0,4,64,1,0,0,0,6,
        79,1,0,0,0,8,156,1,0,0,0,10,158,1,0,0,0,12,160,1,0,0,0,14,170,1,
        0,0,0,16,185,1,0,0,0,18,193,1,0,0,0,20,207,1,0,0,0,22,215,1,0,0,
        0,24,223,1,0,0,0,26,318,1,0,0,0,28,320,1,0,0,0,30,334,1,0,0,0,32,
        343,1,0,0,0,34,345,1,0,0,0,36,369,1,0,0,0,38,377,1,0,0,0,40,379,
        1,0,0,0,42,44,3,2,1,0,43,42,1,0,0,0,44,47,1,0,0,0,45,43,1,0,0,0,
        45,46,1,0,0,0,46,48,1,0,0,0,47,45,1,0,0,0,48,49,5,0,0,1,49,1,1,0,
        0,0,50,51,5,36,0,0,51,52,5,59,0,0,52,53,5,1,0,0,53,58,3,4,2,0,54,
        55,5,2,0,0,55,57,3,4,2,0,56,54,1,0,0,0,57,60,1,0,0,0,58,56,1,0,0,
        0,58,59,1,0,0,0,59,61,1,0,0,0,60,58,1,0,0,0,61,62,5,3,0,0,62,63,
        3,6,3,0,63,3,1,0,0,0,64,77,5,60,0,0,65,74,5,1,0,0,66,71,5,60,0,0,
        67,68,5,2,0,0,68,70,5,60,0,0,69,67,1,0,0,0,70,73,1,0,0,0,71,69,1,
        0,0,0,71,72,1,0,0,0,72,75,1,0,0,0,73,71,1,0,0,0,74,66,1,0,0,0,74,
        75,1,0,0,0,75,76,1,0,0,0,76,78,5,3,0,0,77,65,1,0,0,0,77,78,1,0,0,
        0,78,5,1,0,0,0,79,83,5,4,0,0,80,82,3,8,4,0,81,80,1,0,0,0,82,85,1,
        0,0,0,83,81,1,0,0,0,83,84,1,0,0,0,84,86,1,0,0,0,85,83,1,0,0,0,86,
        87,5,5,0,0,87,7,1,0,0,0,88,89,3,22,11,0,89,90,5,6,0,0,90,93,3,22,
        11,0,91,92,5,44,0,0,92,94,5,62,0,0,93,91,1,0,0,0,93,94,1,0,0,0,94,
        95,1,0,0,0,95,96,5,7,0,0,96,157,1,0,0,0,97,98,5,60,0,0,98,99,5,8,
        0,0,99,100,3,10,5,0,100,101,5,9,0,0,101,102,5,6,0,0,102,103,5,60,
        0,0,103,104,5,7,0,0,104,157,1,0,0,0,105,106,3,22,11,0,106,107,5,
        10,0,0,107,108,3,24,12,0,108,109,5,7,0,0,109,157,1,0,0,0,110,115,
        3,22,11,0,111,112,5,2,0,0,112,114,3,22,11,0,113,111,1,0,0,0,114,
        117,1,0,0,0,115,113,1,0,0,0,115,116,1,0,0,0,116,118,1,0,0,0,117,
        115,1,0,0,0,118,119,5,10,0,0,119,120,3,18,9,0,120,121,5,7,0,0,121,
        157,1,0,0,0,122,123,3,18,9,0,123,124,5,7,0,0,124,157,1,0,0,0,125,
        126,3,22,11,0,126,127,5,7,0,0,127,157,1,0,0,0,128,157,3,12,6,0,129,
        130,5,39,0,0,130,131,3,22,11,0,131,133,5,4,0,0,132,134,3,14,7,0,
        133,132,1,0,0,0,134,135,1,0,0,0,135,133,1,0,0,0,135,136,1,0,0,0,
        136,137,1,0,0,0,137,138,5,5,0,0,138,157,1,0,0,0,139,148,5,41,0,0,
        140,145,3,22,11,0,141,142,5,2,0,0,142,144,3,22,11,0,143,141,1,0,
        0,0,144,147,1,0,0,0,145,143,1,0,0,0,145,146,1,0,0,0,146,149,1,0,
        0,0,147,145,1,0,0,0,148,140,1,0,0,0,148,149,1,0,0,0,149,150,1,0,
        0,0,150,157,5,7,0,0,151,152,5,42,0,0,152,153,3,6,3,0,153,154,5,43,
        0,0,154,155,3,6,3,0,155,157,1,0,0,0,156,88,1,0,0,0,156,97,1,0,0,
        0,156,105,1,0,0,0,156,110,1,0,0,0,156,122,1,0,0,0,156,125,1,0,0,
        0,156,128,1,0,0,0,156,129,1,0,0,0,156,139,1,0,0,0,156,151,1,0,0,
        0,157,9,1,0,0,0,158,159,7,0,0,0,159,11,1,0,0,0,160,161,5,37,0,0,
        161,162,3,22,11,0,162,168,3,6,3,0,163,166,5,38,0,0,164,167,3,6,3,
        0,165,167,3,12,6,0,166,164,1,0,0,0,166,165,1,0,0,0,167,169,1,0,0,
        0,168,163,1,0,0,0,168,169,1,0,0,0,169,13,1,0,0,0,170,180,3,24,12,
        0,171,172,5,40,0,0,172,177,3,16,8,0,173,174,5,7,0,0,174,176,3,16,
        8,0,175,173,1,0,0,0,176,179,1,0,0,0,177,175,1,0,0,0,177,178,1,0,
        0,0,178,181,1,0,0,0,179,177,1,0,0,0,180,171,1,0,0,0,180,181,1,0,
        0,0,181,182,1,0,0,0,182,183,5,11,0,0,183,184,3,6,3,0,184,15,1,0,
        0,0,185,190,3,24,12,0,186,187,5,2,0,0,187,189,3,24,12,0,188,186,
        1,0,0,0,189,192,1,0,0,0,190,188,1,0,0,0,190,191,1,0,0,0,191,17,1,
        0,0,0,192,190,1,0,0,0,193,194,5,59,0,0,194,203,5,1,0,0,195,200,3,
        20,10,0,196,197,5,2,0,0,197,199,3,20,10,0,198,196,1,0,0,0,199,202,
        1,0,0,0,200,198,1,0,0,0,200,201,1,0,0,0,201,204,1,0,0,0,202,200,
        1,0,0,0,203,195,1,0,0,0,203,204,1,0,0,0,204,205,1,0,0,0,205,206,
        5,3,0,0,206,19,1,0,0,0,207,213,5,60,0,0,208,210,5,1,0,0,209,211,
        3,40,20,0,210,209,1,0,0,0,210,211,1,0,0,0,211,212,1,0,0,0,212,214,
        5,3,0,0,213,208,1,0,0,0,213,214,1,0,0,0,214,21,1,0,0,0,215,216,5,
        60,0,0,216,217,5,12,0,0,217,218,3,26,13,0,218,23,1,0,0,0,219,220,
        6,12,-1,0,220,221,7,1,0,0,221,224,3,24,12,8,222,224,3,26,13,0,223,
        219,1,0,0,0,223,222,1,0,0,0,224,247,1,0,0,0,225,226,10,7,0,0,226,
        227,7,2,0,0,227,246,3,24,12,8,228,229,10,6,0,0,229,230,7,3,0,0,230,
        246,3,24,12,7,231,232,10,5,0,0,232,233,7,4,0,0,233,246,3,24,12,5,
        234,235,10,4,0,0,235,236,7,5,0,0,236,246,3,24,12,5,237,238,10,3,
        0,0,238,239,5,57,0,0,239,246,3,24,12,4,240,241,10,2,0,0,241,242,
        5,58,0,0,242,246,3,24,12,3,243,244,10,9,0,0,244,246,3,28,14,0,245,
        225,1,0,0,0,245,228,1,0,0,0,245,231,1,0,0,0,245,234,1,0,0,0,245,
        237,1,0,0,0,245,240,1,0,0,0,245,243,1,0,0,0,246,249,1,0,0,0,247,
        245,1,0,0,0,247,248,1,0,0,0,248,25,1,0,0,0,249,247,1,0,0,0,250,319,
        5,60,0,0,251,252,5,59,0,0,252,253,5,27,0,0,253,254,5,59,0,0,254,
        256,5,1,0,0,255,257,3,40,20,0,256,255,1,0,0,0,256,257,1,0,0,0,257,
        258,1,0,0,0,258,319,5,3,0,0,259,260,5,59,0,0,260,262,5,1,0,0,261,
        263,3,40,20,0,262,261,1,0,0,0,262,263,1,0,0,0,263,264,1,0,0,0,264,
        319,5,3,0,0,265,319,5,59,0,0,266,319,5,62,0,0,267,319,5,61,0,0,268,
        319,5,63,0,0,269,271,5,64,0,0,270,269,1,0,0,0,271,272,1,0,0,0,272,
        270,1,0,0,0,272,273,1,0,0,0,273,319,1,0,0,0,274,276,5,4,0,0,275,
        277,3,40,20,0,276,275,1,0,0,0,276,277,1,0,0,0,277,278,1,0,0,0,278,
        319,5,5,0,0,279,280,5,8,0,0,280,281,3,24,12,0,281,282,5,28,0,0,282,
        287,3,32,16,0,283,284,5,2,0,0,284,286,3,32,16,0,285,283,1,0,0,0,
        286,289,1,0,0,0,287,285,1,0,0,0,287,288,1,0,0,0,288,290,1,0,0,0,
        289,287,1,0,0,0,290,291,5,9,0,0,291,319,1,0,0,0,292,298,5,8,0,0,
        293,296,3,40,20,0,294,295,5,29,0,0,295,297,3,24,12,0,296,294,1,0,
        0,0,296,297,1,0,0,0,297,299,1,0,0,0,298,293,1,0,0,0,298,299,1,0,
        0,0,299,300,1,0,0,0,300,319,5,9,0,0,301,319,3,28,14,0,302,311,5,
        30,0,0,303,308,3,34,17,0,304,305,5,2,0,0,305,307,3,34,17,0,306,304,
        1,0,0,0,307,310,1,0,0,0,308,306,1,0,0,0,308,309,1,0,0,0,309,312,
        1,0,0,0,310,308,1,0,0,0,311,303,1,0,0,0,311,312,1,0,0,0,312,313,
        1,0,0,0,313,319,5,31,0,0,314,315,5,1,0,0,315,316,3,24,12,0,316,317,
        5,3,0,0,317,319,1,0,0,0,318,250,1,0,0,0,318,251,1,0,0,0,318,259,
        1,0,0,0,318,265,1,0,0,0,318,266,1,0,0,0,318,267,1,0,0,0,318,268,
        1,0,0,0,318,270,1,0,0,0,318,274,1,0,0,0,318,279,1,0,0,0,318,292,
        1,0,0,0,318,301,1,0,0,0,318,302,1,0,0,0,318,314,1,0,0,0,319,27,1,
        0,0,0,320,321,5,32,0,0,321,330,5,4,0,0,322,327,3,30,15,0,323,324,
        5,2,0,0,324,326,3,30,15,0,325,323,1,0,0,0,326,329,1,0,0,0,327,325,
        1,0,0,0,327,328,1,0,0,0,328,331,1,0,0,0,329,327,1,0,0,0,330,322,
        1,0,0,0,330,331,1,0,0,0,331,332,1,0,0,0,332,333,5,5,0,0,333,29,1,
        0,0,0,334,335,3,24,12,0,335,336,7,6,0,0,336,337,3,24,12,0,337,31,
        1,0,0,0,338,339,3,24,12,0,339,340,5,35,0,0,340,341,3,24,12,0,341,
        344,1,0,0,0,342,344,3,24,12,0,343,338,1,0,0,0,343,342,1,0,0,0,344,
        33,1,0,0,0,345,348,3,36,18,0,346,347,5,27,0,0,347,349,3,38,19,0,
        348,346,1,0,0,0,348,349,1,0,0,0,349,359,1,0,0,0,350,351,5,16,0,0,
        351,356,5,59,0,0,352,353,5,14,0,0,353,355,5,59,0,0,354,352,1,0,0,
        0,355,358,1,0,0,0,356,354,1,0,0,0,356,357,1,0,0,0,357,360,1,0,0,
        0,358,356,1,0,0,0,359,350,1,0,0,0,359,360,1,0,0,0,360,35,1,0,0,0,
        361,370,5,62,0,0,362,370,5,64,0,0,363,370,5,60,0,0,364,370,5,63,
        0,0,365,366,5,1,0,0,366,367,3,24,12,0,367,368,5,3,0,0,368,370,1,
        0,0,0,369,361,1,0,0,0,369,362,1,0,0,0,369,363,1,0,0,0,369,364,1,
        0,0,0,369,365,1,0,0,0,370,37,1,0,0,0,371,378,5,62,0,0,372,378,5,
        60,0,0,373,374,5,1,0,0,374,375,3,24,12,0,375,376,5,3,0,0,376,378,
        1,0,0,0,377,371,1,0,0,0,377,372,1,0,0,0,377,373,1,0,0,0,378,39,1,
        0,0,0,379,384,3,24,12,0,380,381,5,2,0,0,381,383,3,24,12,0,382,380,
        1,0,0,0,383,386,1,0,0,0,384,382,1,0,0,0,384,385,1,0,0,0,385,41,1,
        0,0,0,386,384,1,0,0,0,43,45,58,71,74,77,83,93,115,135,145,148,156,
        166,168,177,180,190,200,203,210,213,223,245,247,256,262,272,276,
        287,296,298,308,311,318,327,330,343,348,356,359,369,377,384
    ]

class ChoreoParser ( Parser ):

    grammarFileName = "Choreo.g4"

    atn = ATNDeserializer().deserialize(serializedATN())

    decisionsToDFA = [ DFA(ds, i) for i, ds in enumerate(atn.decisionToState) ]

    sharedContextCache = PredictionContextCache()

    literalNames = [ "<INVALID>", "'('", "','", "')'", "'{'", "'}'", "'~>'", 
                     "';'", "'['", "']'", "'='", "'->'", "'.'", "'+'", "'-'", 
                     "'*'", "'/'", "'++'", "'--'", "'=='", "'/='", "'=<'", 
                     "'<'", "'>='", "'>'", "'=:='", "'=/='", "':'", "'||'", 
                     "'|'", "'<<'", "'>>'", "'#'", "'=>'", "':='", "'<-'", 
                     "'choreography'", "'if'", "'else'", "'case'", "'when'", 
                     "'return'", "'checkpoint'", "'rescue'", "'within'", 
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
            self.state = 77
            self._errHandler.sync(self)
            _la = self._input.LA(1)
            if _la==1:
                self.state = 65
                self.match(ChoreoParser.T__0)
                self.state = 74
                self._errHandler.sync(self)
                _la = self._input.LA(1)
                if _la==60:
                    self.state = 66
                    self.match(ChoreoParser.VAR)
                    self.state = 71
                    self._errHandler.sync(self)
                    _la = self._input.LA(1)
                    while _la==2:
                        self.state = 67
                        self.match(ChoreoParser.T__1)
                        self.state = 68
                        self.match(ChoreoParser.VAR)
                        self.state = 73
                        self._errHandler.sync(self)
                        _la = self._input.LA(1)



                self.state = 76
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
            self.state = 79
            self.match(ChoreoParser.T__3)
            self.state = 83
            self._errHandler.sync(self)
            _la = self._input.LA(1)
            while (((_la) & ~0x3f) == 0 and ((1 << _la) & 1729389541174804480) != 0):
                self.state = 80
                self.statement()
                self.state = 85
                self._errHandler.sync(self)
                _la = self._input.LA(1)

            self.state = 86
            self.match(ChoreoParser.T__4)
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
            self.state = 156
            self._errHandler.sync(self)
            la_ = self._interp.adaptivePredict(self._input,11,self._ctx)
            if la_ == 1:
                localctx = ChoreoParser.CommStmtContext(self, localctx)
                self.enterOuterAlt(localctx, 1)
                self.state = 88
                self.located()
                self.state = 89
                self.match(ChoreoParser.T__5)
                self.state = 90
                self.located()
                self.state = 93
                self._errHandler.sync(self)
                _la = self._input.LA(1)
                if _la==44:
                    self.state = 91
                    self.match(ChoreoParser.WITHIN)
                    self.state = 92
                    self.match(ChoreoParser.INT)


                self.state = 95
                self.match(ChoreoParser.T__6)
                pass

            elif la_ == 2:
                localctx = ChoreoParser.SelectStmtContext(self, localctx)
                self.enterOuterAlt(localctx, 2)
                self.state = 97
                self.match(ChoreoParser.VAR)
                self.state = 98
                self.match(ChoreoParser.T__7)
                self.state = 99
                self.selectLabel()
                self.state = 100
                self.match(ChoreoParser.T__8)
                self.state = 101
                self.match(ChoreoParser.T__5)
                self.state = 102
                self.match(ChoreoParser.VAR)
                self.state = 103
                self.match(ChoreoParser.T__6)
                pass

            elif la_ == 3:
                localctx = ChoreoParser.AssignStmtContext(self, localctx)
                self.enterOuterAlt(localctx, 3)
                self.state = 105
                self.located()
                self.state = 106
                self.match(ChoreoParser.T__9)
                self.state = 107
                self.expr(0)
                self.state = 108
                self.match(ChoreoParser.T__6)
                pass

            elif la_ == 4:
                localctx = ChoreoParser.CallResultStmtContext(self, localctx)
                self.enterOuterAlt(localctx, 4)
                self.state = 110
                self.located()
                self.state = 115
                self._errHandler.sync(self)
                _la = self._input.LA(1)
                while _la==2:
                    self.state = 111
                    self.match(ChoreoParser.T__1)
                    self.state = 112
                    self.located()
                    self.state = 117
                    self._errHandler.sync(self)
                    _la = self._input.LA(1)

                self.state = 118
                self.match(ChoreoParser.T__9)
                self.state = 119
                self.chorCall()
                self.state = 120
                self.match(ChoreoParser.T__6)
                pass

            elif la_ == 5:
                localctx = ChoreoParser.CallStmtContext(self, localctx)
                self.enterOuterAlt(localctx, 5)
                self.state = 122
                self.chorCall()
                self.state = 123
                self.match(ChoreoParser.T__6)
                pass

            elif la_ == 6:
                localctx = ChoreoParser.ActionStmtContext(self, localctx)
                self.enterOuterAlt(localctx, 6)
                self.state = 125
                self.located()
                self.state = 126
                self.match(ChoreoParser.T__6)
                pass

            elif la_ == 7:
                localctx = ChoreoParser.IfStatementContext(self, localctx)
                self.enterOuterAlt(localctx, 7)
                self.state = 128
                self.ifStmt()
                pass

            elif la_ == 8:
                localctx = ChoreoParser.CaseStmtContext(self, localctx)
                self.enterOuterAlt(localctx, 8)
                self.state = 129
                self.match(ChoreoParser.CASE)
                self.state = 130
                self.located()
                self.state = 131
                self.match(ChoreoParser.T__3)
                self.state = 133 
                self._errHandler.sync(self)
                _la = self._input.LA(1)
                while True:
                    self.state = 132
                    self.caseClause()
                    self.state = 135 
                    self._errHandler.sync(self)
                    _la = self._input.LA(1)
                    if not (((((_la - 1)) & ~0x3f) == 0 and ((1 << (_la - 1)) & -278660224259182455) != 0)):
                        break

                self.state = 137
                self.match(ChoreoParser.T__4)
                pass

            elif la_ == 9:
                localctx = ChoreoParser.ReturnStmtContext(self, localctx)
                self.enterOuterAlt(localctx, 9)
                self.state = 139
                self.match(ChoreoParser.RETURN)
                self.state = 148
                self._errHandler.sync(self)
                _la = self._input.LA(1)
                if _la==60:
                    self.state = 140
                    self.located()
                    self.state = 145
                    self._errHandler.sync(self)
                    _la = self._input.LA(1)
                    while _la==2:
                        self.state = 141
                        self.match(ChoreoParser.T__1)
                        self.state = 142
                        self.located()
                        self.state = 147
                        self._errHandler.sync(self)
                        _la = self._input.LA(1)



                self.state = 150
                self.match(ChoreoParser.T__6)
                pass

            elif la_ == 10:
                localctx = ChoreoParser.CheckpointStmtContext(self, localctx)
                self.enterOuterAlt(localctx, 10)
                self.state = 151
                self.match(ChoreoParser.CHECKPOINT)
                self.state = 152
                self.block()
                self.state = 153
                self.match(ChoreoParser.RESCUE)
                self.state = 154
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
            self.state = 158
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
            self.state = 160
            self.match(ChoreoParser.IF)
            self.state = 161
            self.located()
            self.state = 162
            self.block()
            self.state = 168
            self._errHandler.sync(self)
            _la = self._input.LA(1)
            if _la==38:
                self.state = 163
                self.match(ChoreoParser.ELSE)
                self.state = 166
                self._errHandler.sync(self)
                token = self._input.LA(1)
                if token in [4]:
                    self.state = 164
                    self.block()
                    pass
                elif token in [37]:
                    self.state = 165
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
            self.state = 170
            self.expr(0)
            self.state = 180
            self._errHandler.sync(self)
            _la = self._input.LA(1)
            if _la==40:
                self.state = 171
                self.match(ChoreoParser.WHEN)
                self.state = 172
                self.guard()
                self.state = 177
                self._errHandler.sync(self)
                _la = self._input.LA(1)
                while _la==7:
                    self.state = 173
                    self.match(ChoreoParser.T__6)
                    self.state = 174
                    self.guard()
                    self.state = 179
                    self._errHandler.sync(self)
                    _la = self._input.LA(1)



            self.state = 182
            self.match(ChoreoParser.T__10)
            self.state = 183
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
            self.state = 185
            self.expr(0)
            self.state = 190
            self._errHandler.sync(self)
            _la = self._input.LA(1)
            while _la==2:
                self.state = 186
                self.match(ChoreoParser.T__1)
                self.state = 187
                self.expr(0)
                self.state = 192
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
            self.state = 193
            self.match(ChoreoParser.ATOM)
            self.state = 194
            self.match(ChoreoParser.T__0)
            self.state = 203
            self._errHandler.sync(self)
            _la = self._input.LA(1)
            if _la==60:
                self.state = 195
                self.callArg()
                self.state = 200
                self._errHandler.sync(self)
                _la = self._input.LA(1)
                while _la==2:
                    self.state = 196
                    self.match(ChoreoParser.T__1)
                    self.state = 197
                    self.callArg()
                    self.state = 202
                    self._errHandler.sync(self)
                    _la = self._input.LA(1)



            self.state = 205
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

        def VAR(self):
            return self.getToken(ChoreoParser.VAR, 0)

        def exprList(self):
            return self.getTypedRuleContext(ChoreoParser.ExprListContext,0)


        def getRuleIndex(self):
            return ChoreoParser.RULE_callArg

        def accept(self, visitor:ParseTreeVisitor):
            if hasattr( visitor, "visitCallArg" ):
                return visitor.visitCallArg(self)
            else:
                return visitor.visitChildren(self)




    def callArg(self):

        localctx = ChoreoParser.CallArgContext(self, self._ctx, self.state)
        self.enterRule(localctx, 20, self.RULE_callArg)
        self._la = 0 # Token type
        try:
            self.enterOuterAlt(localctx, 1)
            self.state = 207
            self.match(ChoreoParser.VAR)
            self.state = 213
            self._errHandler.sync(self)
            _la = self._input.LA(1)
            if _la==1:
                self.state = 208
                self.match(ChoreoParser.T__0)
                self.state = 210
                self._errHandler.sync(self)
                _la = self._input.LA(1)
                if ((((_la - 1)) & ~0x3f) == 0 and ((1 << (_la - 1)) & -278660224259182455) != 0):
                    self.state = 209
                    self.exprList()


                self.state = 212
                self.match(ChoreoParser.T__2)


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
            self.state = 215
            self.match(ChoreoParser.VAR)
            self.state = 216
            self.match(ChoreoParser.T__11)
            self.state = 217
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
            self.state = 223
            self._errHandler.sync(self)
            token = self._input.LA(1)
            if token in [13, 14, 50, 54]:
                localctx = ChoreoParser.UnaryExprContext(self, localctx)
                self._ctx = localctx
                _prevctx = localctx

                self.state = 220
                localctx.op = self._input.LT(1)
                _la = self._input.LA(1)
                if not((((_la) & ~0x3f) == 0 and ((1 << _la) & 19140298416349184) != 0)):
                    localctx.op = self._errHandler.recoverInline(self)
                else:
                    self._errHandler.reportMatch(self)
                    self.consume()
                self.state = 221
                self.expr(8)
                pass
            elif token in [1, 4, 8, 30, 32, 59, 60, 61, 62, 63, 64]:
                localctx = ChoreoParser.PrimaryExprContext(self, localctx)
                self._ctx = localctx
                _prevctx = localctx
                self.state = 222
                self.primary()
                pass
            else:
                raise NoViableAltException(self)

            self._ctx.stop = self._input.LT(-1)
            self.state = 247
            self._errHandler.sync(self)
            _alt = self._interp.adaptivePredict(self._input,23,self._ctx)
            while _alt!=2 and _alt!=ATN.INVALID_ALT_NUMBER:
                if _alt==1:
                    if self._parseListeners is not None:
                        self.triggerExitRuleEvent()
                    _prevctx = localctx
                    self.state = 245
                    self._errHandler.sync(self)
                    la_ = self._interp.adaptivePredict(self._input,22,self._ctx)
                    if la_ == 1:
                        localctx = ChoreoParser.BinaryExprContext(self, ChoreoParser.ExprContext(self, _parentctx, _parentState))
                        self.pushNewRecursionContext(localctx, _startState, self.RULE_expr)
                        self.state = 225
                        if not self.precpred(self._ctx, 7):
                            from antlr4.error.Errors import FailedPredicateException
                            raise FailedPredicateException(self, "self.precpred(self._ctx, 7)")
                        self.state = 226
                        localctx.op = self._input.LT(1)
                        _la = self._input.LA(1)
                        if not((((_la) & ~0x3f) == 0 and ((1 << _la) & 2498090418405376) != 0)):
                            localctx.op = self._errHandler.recoverInline(self)
                        else:
                            self._errHandler.reportMatch(self)
                            self.consume()
                        self.state = 227
                        self.expr(8)
                        pass

                    elif la_ == 2:
                        localctx = ChoreoParser.BinaryExprContext(self, ChoreoParser.ExprContext(self, _parentctx, _parentState))
                        self.pushNewRecursionContext(localctx, _startState, self.RULE_expr)
                        self.state = 228
                        if not self.precpred(self._ctx, 6):
                            from antlr4.error.Errors import FailedPredicateException
                            raise FailedPredicateException(self, "self.precpred(self._ctx, 6)")
                        self.state = 229
                        localctx.op = self._input.LT(1)
                        _la = self._input.LA(1)
                        if not((((_la) & ~0x3f) == 0 and ((1 << _la) & 122441614869159936) != 0)):
                            localctx.op = self._errHandler.recoverInline(self)
                        else:
                            self._errHandler.reportMatch(self)
                            self.consume()
                        self.state = 230
                        self.expr(7)
                        pass

                    elif la_ == 3:
                        localctx = ChoreoParser.BinaryExprContext(self, ChoreoParser.ExprContext(self, _parentctx, _parentState))
                        self.pushNewRecursionContext(localctx, _startState, self.RULE_expr)
                        self.state = 231
                        if not self.precpred(self._ctx, 5):
                            from antlr4.error.Errors import FailedPredicateException
                            raise FailedPredicateException(self, "self.precpred(self._ctx, 5)")
                        self.state = 232
                        localctx.op = self._input.LT(1)
                        _la = self._input.LA(1)
                        if not(_la==17 or _la==18):
                            localctx.op = self._errHandler.recoverInline(self)
                        else:
                            self._errHandler.reportMatch(self)
                            self.consume()
                        self.state = 233
                        self.expr(5)
                        pass

                    elif la_ == 4:
                        localctx = ChoreoParser.BinaryExprContext(self, ChoreoParser.ExprContext(self, _parentctx, _parentState))
                        self.pushNewRecursionContext(localctx, _startState, self.RULE_expr)
                        self.state = 234
                        if not self.precpred(self._ctx, 4):
                            from antlr4.error.Errors import FailedPredicateException
                            raise FailedPredicateException(self, "self.precpred(self._ctx, 4)")
                        self.state = 235
                        localctx.op = self._input.LT(1)
                        _la = self._input.LA(1)
                        if not((((_la) & ~0x3f) == 0 and ((1 << _la) & 133693440) != 0)):
                            localctx.op = self._errHandler.recoverInline(self)
                        else:
                            self._errHandler.reportMatch(self)
                            self.consume()
                        self.state = 236
                        self.expr(5)
                        pass

                    elif la_ == 5:
                        localctx = ChoreoParser.BinaryExprContext(self, ChoreoParser.ExprContext(self, _parentctx, _parentState))
                        self.pushNewRecursionContext(localctx, _startState, self.RULE_expr)
                        self.state = 237
                        if not self.precpred(self._ctx, 3):
                            from antlr4.error.Errors import FailedPredicateException
                            raise FailedPredicateException(self, "self.precpred(self._ctx, 3)")
                        self.state = 238
                        localctx.op = self.match(ChoreoParser.ANDALSO)
                        self.state = 239
                        self.expr(4)
                        pass

                    elif la_ == 6:
                        localctx = ChoreoParser.BinaryExprContext(self, ChoreoParser.ExprContext(self, _parentctx, _parentState))
                        self.pushNewRecursionContext(localctx, _startState, self.RULE_expr)
                        self.state = 240
                        if not self.precpred(self._ctx, 2):
                            from antlr4.error.Errors import FailedPredicateException
                            raise FailedPredicateException(self, "self.precpred(self._ctx, 2)")
                        self.state = 241
                        localctx.op = self.match(ChoreoParser.ORELSE)
                        self.state = 242
                        self.expr(3)
                        pass

                    elif la_ == 7:
                        localctx = ChoreoParser.MapUpdateContext(self, ChoreoParser.ExprContext(self, _parentctx, _parentState))
                        self.pushNewRecursionContext(localctx, _startState, self.RULE_expr)
                        self.state = 243
                        if not self.precpred(self._ctx, 9):
                            from antlr4.error.Errors import FailedPredicateException
                            raise FailedPredicateException(self, "self.precpred(self._ctx, 9)")
                        self.state = 244
                        self.mapLiteral()
                        pass

             
                self.state = 249
                self._errHandler.sync(self)
                _alt = self._interp.adaptivePredict(self._input,23,self._ctx)

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
            self.state = 318
            self._errHandler.sync(self)
            la_ = self._interp.adaptivePredict(self._input,33,self._ctx)
            if la_ == 1:
                localctx = ChoreoParser.VarExprContext(self, localctx)
                self.enterOuterAlt(localctx, 1)
                self.state = 250
                self.match(ChoreoParser.VAR)
                pass

            elif la_ == 2:
                localctx = ChoreoParser.RemoteCallExprContext(self, localctx)
                self.enterOuterAlt(localctx, 2)
                self.state = 251
                self.match(ChoreoParser.ATOM)
                self.state = 252
                self.match(ChoreoParser.T__26)
                self.state = 253
                self.match(ChoreoParser.ATOM)
                self.state = 254
                self.match(ChoreoParser.T__0)
                self.state = 256
                self._errHandler.sync(self)
                _la = self._input.LA(1)
                if ((((_la - 1)) & ~0x3f) == 0 and ((1 << (_la - 1)) & -278660224259182455) != 0):
                    self.state = 255
                    self.exprList()


                self.state = 258
                self.match(ChoreoParser.T__2)
                pass

            elif la_ == 3:
                localctx = ChoreoParser.CallExprContext(self, localctx)
                self.enterOuterAlt(localctx, 3)
                self.state = 259
                self.match(ChoreoParser.ATOM)
                self.state = 260
                self.match(ChoreoParser.T__0)
                self.state = 262
                self._errHandler.sync(self)
                _la = self._input.LA(1)
                if ((((_la - 1)) & ~0x3f) == 0 and ((1 << (_la - 1)) & -278660224259182455) != 0):
                    self.state = 261
                    self.exprList()


                self.state = 264
                self.match(ChoreoParser.T__2)
                pass

            elif la_ == 4:
                localctx = ChoreoParser.AtomExprContext(self, localctx)
                self.enterOuterAlt(localctx, 4)
                self.state = 265
                self.match(ChoreoParser.ATOM)
                pass

            elif la_ == 5:
                localctx = ChoreoParser.IntExprContext(self, localctx)
                self.enterOuterAlt(localctx, 5)
                self.state = 266
                self.match(ChoreoParser.INT)
                pass

            elif la_ == 6:
                localctx = ChoreoParser.FloatExprContext(self, localctx)
                self.enterOuterAlt(localctx, 6)
                self.state = 267
                self.match(ChoreoParser.FLOAT)
                pass

            elif la_ == 7:
                localctx = ChoreoParser.CharExprContext(self, localctx)
                self.enterOuterAlt(localctx, 7)
                self.state = 268
                self.match(ChoreoParser.CHAR)
                pass

            elif la_ == 8:
                localctx = ChoreoParser.StringExprContext(self, localctx)
                self.enterOuterAlt(localctx, 8)
                self.state = 270 
                self._errHandler.sync(self)
                _alt = 1
                while _alt!=2 and _alt!=ATN.INVALID_ALT_NUMBER:
                    if _alt == 1:
                        self.state = 269
                        self.match(ChoreoParser.STRING)

                    else:
                        raise NoViableAltException(self)
                    self.state = 272 
                    self._errHandler.sync(self)
                    _alt = self._interp.adaptivePredict(self._input,26,self._ctx)

                pass

            elif la_ == 9:
                localctx = ChoreoParser.TupleExprContext(self, localctx)
                self.enterOuterAlt(localctx, 9)
                self.state = 274
                self.match(ChoreoParser.T__3)
                self.state = 276
                self._errHandler.sync(self)
                _la = self._input.LA(1)
                if ((((_la - 1)) & ~0x3f) == 0 and ((1 << (_la - 1)) & -278660224259182455) != 0):
                    self.state = 275
                    self.exprList()


                self.state = 278
                self.match(ChoreoParser.T__4)
                pass

            elif la_ == 10:
                localctx = ChoreoParser.ListCompExprContext(self, localctx)
                self.enterOuterAlt(localctx, 10)
                self.state = 279
                self.match(ChoreoParser.T__7)
                self.state = 280
                self.expr(0)
                self.state = 281
                self.match(ChoreoParser.T__27)
                self.state = 282
                self.qualifier()
                self.state = 287
                self._errHandler.sync(self)
                _la = self._input.LA(1)
                while _la==2:
                    self.state = 283
                    self.match(ChoreoParser.T__1)
                    self.state = 284
                    self.qualifier()
                    self.state = 289
                    self._errHandler.sync(self)
                    _la = self._input.LA(1)

                self.state = 290
                self.match(ChoreoParser.T__8)
                pass

            elif la_ == 11:
                localctx = ChoreoParser.ListExprContext(self, localctx)
                self.enterOuterAlt(localctx, 11)
                self.state = 292
                self.match(ChoreoParser.T__7)
                self.state = 298
                self._errHandler.sync(self)
                _la = self._input.LA(1)
                if ((((_la - 1)) & ~0x3f) == 0 and ((1 << (_la - 1)) & -278660224259182455) != 0):
                    self.state = 293
                    self.exprList()
                    self.state = 296
                    self._errHandler.sync(self)
                    _la = self._input.LA(1)
                    if _la==29:
                        self.state = 294
                        self.match(ChoreoParser.T__28)
                        self.state = 295
                        self.expr(0)




                self.state = 300
                self.match(ChoreoParser.T__8)
                pass

            elif la_ == 12:
                localctx = ChoreoParser.MapExprContext(self, localctx)
                self.enterOuterAlt(localctx, 12)
                self.state = 301
                self.mapLiteral()
                pass

            elif la_ == 13:
                localctx = ChoreoParser.BinaryLitContext(self, localctx)
                self.enterOuterAlt(localctx, 13)
                self.state = 302
                self.match(ChoreoParser.T__29)
                self.state = 311
                self._errHandler.sync(self)
                _la = self._input.LA(1)
                if ((((_la - 1)) & ~0x3f) == 0 and ((1 << (_la - 1)) & -1729382256910270463) != 0):
                    self.state = 303
                    self.binElem()
                    self.state = 308
                    self._errHandler.sync(self)
                    _la = self._input.LA(1)
                    while _la==2:
                        self.state = 304
                        self.match(ChoreoParser.T__1)
                        self.state = 305
                        self.binElem()
                        self.state = 310
                        self._errHandler.sync(self)
                        _la = self._input.LA(1)



                self.state = 313
                self.match(ChoreoParser.T__30)
                pass

            elif la_ == 14:
                localctx = ChoreoParser.ParenExprContext(self, localctx)
                self.enterOuterAlt(localctx, 14)
                self.state = 314
                self.match(ChoreoParser.T__0)
                self.state = 315
                self.expr(0)
                self.state = 316
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
            self.state = 320
            self.match(ChoreoParser.T__31)
            self.state = 321
            self.match(ChoreoParser.T__3)
            self.state = 330
            self._errHandler.sync(self)
            _la = self._input.LA(1)
            if ((((_la - 1)) & ~0x3f) == 0 and ((1 << (_la - 1)) & -278660224259182455) != 0):
                self.state = 322
                self.mapField()
                self.state = 327
                self._errHandler.sync(self)
                _la = self._input.LA(1)
                while _la==2:
                    self.state = 323
                    self.match(ChoreoParser.T__1)
                    self.state = 324
                    self.mapField()
                    self.state = 329
                    self._errHandler.sync(self)
                    _la = self._input.LA(1)



            self.state = 332
            self.match(ChoreoParser.T__4)
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
            self.state = 334
            self.expr(0)
            self.state = 335
            localctx.op = self._input.LT(1)
            _la = self._input.LA(1)
            if not(_la==33 or _la==34):
                localctx.op = self._errHandler.recoverInline(self)
            else:
                self._errHandler.reportMatch(self)
                self.consume()
            self.state = 336
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
            self.state = 343
            self._errHandler.sync(self)
            la_ = self._interp.adaptivePredict(self._input,36,self._ctx)
            if la_ == 1:
                localctx = ChoreoParser.GeneratorQualContext(self, localctx)
                self.enterOuterAlt(localctx, 1)
                self.state = 338
                self.expr(0)
                self.state = 339
                self.match(ChoreoParser.T__34)
                self.state = 340
                self.expr(0)
                pass

            elif la_ == 2:
                localctx = ChoreoParser.FilterQualContext(self, localctx)
                self.enterOuterAlt(localctx, 2)
                self.state = 342
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
            self.state = 345
            self.binValue()
            self.state = 348
            self._errHandler.sync(self)
            _la = self._input.LA(1)
            if _la==27:
                self.state = 346
                self.match(ChoreoParser.T__26)
                self.state = 347
                self.binSize()


            self.state = 359
            self._errHandler.sync(self)
            _la = self._input.LA(1)
            if _la==16:
                self.state = 350
                self.match(ChoreoParser.T__15)
                self.state = 351
                self.match(ChoreoParser.ATOM)
                self.state = 356
                self._errHandler.sync(self)
                _la = self._input.LA(1)
                while _la==14:
                    self.state = 352
                    self.match(ChoreoParser.T__13)
                    self.state = 353
                    self.match(ChoreoParser.ATOM)
                    self.state = 358
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
            self.state = 369
            self._errHandler.sync(self)
            token = self._input.LA(1)
            if token in [62]:
                self.enterOuterAlt(localctx, 1)
                self.state = 361
                self.match(ChoreoParser.INT)
                pass
            elif token in [64]:
                self.enterOuterAlt(localctx, 2)
                self.state = 362
                self.match(ChoreoParser.STRING)
                pass
            elif token in [60]:
                self.enterOuterAlt(localctx, 3)
                self.state = 363
                self.match(ChoreoParser.VAR)
                pass
            elif token in [63]:
                self.enterOuterAlt(localctx, 4)
                self.state = 364
                self.match(ChoreoParser.CHAR)
                pass
            elif token in [1]:
                self.enterOuterAlt(localctx, 5)
                self.state = 365
                self.match(ChoreoParser.T__0)
                self.state = 366
                self.expr(0)
                self.state = 367
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
            self.state = 377
            self._errHandler.sync(self)
            token = self._input.LA(1)
            if token in [62]:
                self.enterOuterAlt(localctx, 1)
                self.state = 371
                self.match(ChoreoParser.INT)
                pass
            elif token in [60]:
                self.enterOuterAlt(localctx, 2)
                self.state = 372
                self.match(ChoreoParser.VAR)
                pass
            elif token in [1]:
                self.enterOuterAlt(localctx, 3)
                self.state = 373
                self.match(ChoreoParser.T__0)
                self.state = 374
                self.expr(0)
                self.state = 375
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
            self.state = 379
            self.expr(0)
            self.state = 384
            self._errHandler.sync(self)
            _la = self._input.LA(1)
            while _la==2:
                self.state = 380
                self.match(ChoreoParser.T__1)
                self.state = 381
                self.expr(0)
                self.state = 386
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
         




